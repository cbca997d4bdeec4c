using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Kube.Client.Typed;
using Kube.Client.Typed.CoreV1;
using Xunit;

namespace Kube.Client.Tests.Cache;

public class ReflectorTests
{
    /// <summary>A reflector over a fake server into an indexer, running until disposed.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public Harness(FakeApiServer? server = null, IReflectorStore<ConfigMap>? store = null, ReflectorOptions? options = null, TimeSpan resync = default)
        {
            Server = server ?? new FakeApiServer();
            Store = store ?? new Indexer<ConfigMap>();
            Reflector = new Reflector<ConfigMap>(Server, Store, resync, options ?? FastRetries.Reflector())
            {
                WatchErrorHandler = e => { lock (Errors) Errors.Add(e); },
            };
            _run = Reflector.RunAsync(_stop.Token);
        }

        public FakeApiServer Server { get; }
        public IReflectorStore<ConfigMap> Store { get; }
        public Reflector<ConfigMap> Reflector { get; }
        public List<Exception> Errors { get; } = new();
        public Indexer<ConfigMap> Indexer => (Indexer<ConfigMap>)Store;

        public ReflectorStatistics Stats => Reflector.Statistics;

        public Task WatchingAsync(int watches = 1) =>
            Poll.UntilAsync(() => Stats.Watches >= watches && Server.ActiveWatches > 0, $"watch number {watches} to run");

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task The_first_list_asks_for_version_0_in_pages_of_500_and_the_watch_starts_from_the_lists_version()
    {
        var server = new FakeApiServer();
        server.Create("a");
        await using var h = new Harness(server, options: new ReflectorOptions());
        await h.WatchingAsync();

        var list = server.ListRequestsSnapshot().Single();
        Assert.Equal("0", list.ResourceVersion);
        Assert.Equal(500, list.Limit);
        var watch = server.WatchRequestsSnapshot().Single();
        Assert.Equal(server.ResourceVersion.ToString(), watch.ResourceVersion);
        Assert.True(watch.AllowWatchBookmarks);
        Assert.InRange(watch.TimeoutSeconds!.Value, 300, 600);
        Assert.Equal(server.ResourceVersion.ToString(), h.Reflector.LastSyncResourceVersion);
        Assert.Equal(1, h.Indexer.Count);
    }

    [Fact]
    public async Task Watch_timeouts_are_drawn_between_the_minimum_and_twice_it()
    {
        var server = new FakeApiServer();
        var options = FastRetries.Reflector();
        options.MinWatchTimeout = TimeSpan.FromSeconds(10);
        await using var h = new Harness(server, options: options);
        for (int i = 1; i <= 5; i++)
        {
            await h.WatchingAsync(i);
            server.Create("obj" + i);
            server.EndWatches();
        }
        Assert.All(server.WatchRequestsSnapshot(), w => Assert.InRange(w.TimeoutSeconds!.Value, 10, 20));
    }

    [Fact]
    public async Task A_server_that_pages_at_version_0_is_paged_through_and_relists_stay_paged()
    {
        var server = new FakeApiServer { WatchCacheEnabled = false };
        for (int i = 0; i < 1200; i++) server.Create($"cm{i:D4}");
        await using var h = new Harness(server);
        await h.WatchingAsync();

        var lists = server.ListRequestsSnapshot();
        Assert.Equal(3, lists.Count);
        Assert.Equal("0", lists[0].ResourceVersion);
        Assert.All(lists.Skip(1), l => Assert.Null(l.ResourceVersion));
        Assert.All(lists.Skip(1), l => Assert.False(string.IsNullOrEmpty(l.Continue)));
        Assert.Equal(1200, h.Indexer.Count);

        server.FailWatches(FakeApiServer.Gone);
        await Poll.UntilAsync(() => h.Stats.Lists == 2, "the relist");
        Assert.Equal(500, server.ListRequestsSnapshot()[3].Limit);
    }

    [Fact]
    public async Task A_410_on_the_watch_relists_from_the_last_version_unpaged()
    {
        var server = new FakeApiServer();
        server.Create("a");
        await using var h = new Harness(server);
        await h.WatchingAsync();
        var b = server.Create("b");
        await Poll.UntilAsync(() => h.Reflector.LastSyncResourceVersion == b.Metadata!.ResourceVersion, "the event of b");

        server.FailWatches(FakeApiServer.Gone);
        await Poll.UntilAsync(() => h.Stats.Lists == 2, "the relist");
        var relist = server.ListRequestsSnapshot()[1];
        Assert.Equal(b.Metadata!.ResourceVersion, relist.ResourceVersion);
        Assert.Equal(0, relist.Limit);
        Assert.Equal(1, h.Stats.WatchesExpired);
        Assert.Contains(h.Errors, e => e is KubeApiException k && k.IsGone);
    }

    [Fact]
    public async Task A_list_at_an_expired_version_is_retried_at_once_without_one()
    {
        var server = new FakeApiServer();
        server.Create("a");
        await using var h = new Harness(server);
        await h.WatchingAsync();
        server.ListFaults.Enqueue(_ => FakeApiServer.Gone());
        server.FailWatches(FakeApiServer.Gone);
        await Poll.UntilAsync(() => h.Stats.Lists == 2, "the relist");

        var lists = server.ListRequestsSnapshot();
        Assert.Equal(3, lists.Count);
        Assert.NotNull(lists[1].ResourceVersion);
        Assert.Null(lists[2].ResourceVersion);
        Assert.Equal(1, h.Stats.ListsExpired);
        Assert.Equal(0, h.Stats.ListErrors);

        // Once a list succeeds, relists use the last version again. (Wait for the watch after the
        // relist first: failing watches before it starts fails none, and nothing relists.)
        await h.WatchingAsync(2);
        server.FailWatches(FakeApiServer.Gone);
        await Poll.UntilAsync(() => h.Stats.Lists == 3, "another relist");
        Assert.NotNull(server.ListRequestsSnapshot()[3].ResourceVersion);
    }

    [Fact]
    public async Task An_expired_continue_token_restarts_the_list_from_the_start_without_mixing_versions()
    {
        var server = new FakeApiServer { WatchCacheEnabled = false };
        for (int i = 0; i < 700; i++) server.Create($"cm{i:D4}");
        server.ListFaults.Enqueue(_ => null);
        server.ListFaults.Enqueue(_ =>
        {
            // Between the first and second page, an object of the first page goes and history is compacted.
            server.Delete("cm0000");
            server.Compact();
            return null;
        });
        await using var h = new Harness(server);
        await h.WatchingAsync();

        var lists = server.ListRequestsSnapshot();
        Assert.Equal(3, lists.Count);
        Assert.Equal(0, lists[2].Limit);
        Assert.Null(lists[2].Continue);
        Assert.Equal(699, h.Indexer.Count);
        Assert.Null(h.Indexer.GetByKey("default/cm0000"));
    }

    [Fact]
    public async Task A_watch_the_server_ends_is_started_again_from_the_last_event_without_relisting()
    {
        var server = new FakeApiServer();
        await using var h = new Harness(server);
        await h.WatchingAsync();
        var a = server.Create("a");
        await Poll.UntilAsync(() => h.Indexer.Count == 1, "a in the store");

        server.EndWatches();
        await h.WatchingAsync(2);
        Assert.Equal(a.Metadata!.ResourceVersion, server.WatchRequestsSnapshot()[1].ResourceVersion);
        Assert.Equal(1, h.Stats.Lists);
        Assert.Equal(1, h.Stats.WatchesEnded);
    }

    [Fact]
    public async Task Bookmarks_advance_the_version_watches_resume_from()
    {
        var server = new FakeApiServer();
        server.Create("a");
        await using var h = new Harness(server);
        await h.WatchingAsync();
        server.Delete("a");
        server.Create("b");
        await Poll.UntilAsync(() => h.Indexer.Count == 1 && h.Indexer.GetByKey("default/b") is not null, "the events");

        // Changes outside this watch's scope moved the server on; only the bookmark tells.
        server.AdvanceResourceVersion();
        server.AdvanceResourceVersion();
        Assert.NotEqual(server.ResourceVersion.ToString(), h.Reflector.LastSyncResourceVersion);
        server.Bookmark();
        string bookmark = server.ResourceVersion.ToString();
        await Poll.UntilAsync(() => h.Reflector.LastSyncResourceVersion == bookmark, "the bookmark");
        server.EndWatches();
        await h.WatchingAsync(2);
        Assert.Equal(bookmark, server.WatchRequestsSnapshot()[1].ResourceVersion);
        Assert.Equal(1, h.Stats.Bookmarks);
    }

    [Fact]
    public async Task A_429_on_a_watch_backs_off_and_watches_again_without_relisting()
    {
        var server = new FakeApiServer();
        server.Create("a");
        await using var h = new Harness(server);
        await h.WatchingAsync();
        string rv = h.Reflector.LastSyncResourceVersion;

        server.FailWatches(FakeApiServer.TooManyRequests);
        server.WatchFaults.Enqueue(_ => FakeApiServer.TooManyRequests());
        await h.WatchingAsync(3);
        Assert.Equal(1, h.Stats.Lists);
        Assert.Equal(2, h.Stats.WatchesTooManyRequests);
        Assert.All(server.WatchRequestsSnapshot(), w => Assert.Equal(rv, w.ResourceVersion));
    }

    [Fact]
    public async Task A_refused_connection_on_a_watch_backs_off_and_watches_again_without_relisting()
    {
        var server = new FakeApiServer();
        server.Create("a");
        await using var h = new Harness(server);
        await h.WatchingAsync();
        for (int i = 0; i < 3; i++) server.WatchFaults.Enqueue(_ => FakeApiServer.Refused());
        server.CutWatches();
        server.Create("b");

        await h.WatchingAsync(5);
        await Poll.UntilAsync(() => h.Indexer.Count == 2, "b in the store");
        Assert.Equal(1, h.Stats.Lists);
        Assert.Equal(3, h.Stats.WatchesConnectionRefused);
        Assert.Equal(1, h.Stats.WatchesCut);
    }

    [Fact]
    public async Task Objects_deleted_while_the_watch_was_down_go_on_the_relist()
    {
        var server = new FakeApiServer();
        server.Create("stays", "1");
        server.Create("goes", "1");
        server.Create("changes", "1");
        var known = new Indexer<ConfigMap>();
        var fifo = new DeltaFIFO<ConfigMap>(knownObjects: known);
        await using var h = new Harness(server, fifo);
        await h.WatchingAsync();
        await DrainAsync(fifo, known);
        Assert.Equal(3, known.Count);

        server.HoldWatches();
        server.CutWatches();
        await Poll.UntilAsync(() => server.HeldWatches == 1, "the watch to wait for the server");
        server.Delete("goes");
        server.Update("changes", "2");
        server.Create("new", "1");
        server.Compact();
        server.ReleaseWatches();

        await Poll.UntilAsync(() => h.Stats.Lists == 2, "the relist after 410");
        var seen = await DrainAsync(fifo, known);
        Assert.Contains("Deleted default/goes tombstone v=1", seen);
        Assert.Contains("Replaced default/changes v=2", seen);
        Assert.Contains("Replaced default/new v=1", seen);
        Assert.Equal(new[] { "default/changes", "default/new", "default/stays" }, known.ListKeys().OrderBy(k => k));
    }

    [Fact]
    public async Task A_watch_that_closes_at_once_without_events_leads_to_a_relist()
    {
        var server = new FakeApiServer();
        await using var h = new Harness(server);
        await h.WatchingAsync();
        server.CloseWatchesAtOnce = true;
        server.EndWatches();
        await Poll.UntilAsync(() => h.Stats.Lists >= 2, "a relist");
        Assert.True(h.Stats.WatchErrors >= 1);
        Assert.Contains(h.Errors, e => e.Message.Contains("without any event"));
    }

    [Fact]
    public async Task Other_watch_errors_lead_to_a_relist()
    {
        var server = new FakeApiServer();
        await using var h = new Harness(server);
        await h.WatchingAsync();
        server.FailWatches(() => new KubeApiException(new Status { Code = 500, Reason = "InternalError", Message = "etcd is unhappy" }));
        await Poll.UntilAsync(() => h.Stats.Lists == 2, "the relist");
        Assert.Equal(1, h.Stats.WatchErrors);
    }

    [Fact]
    public async Task A_resource_that_does_not_exist_syncs_an_empty_store_and_keeps_trying()
    {
        var server = new FakeApiServer();
        server.Create("a");
        server.ListFaults.Enqueue(_ => FakeApiServer.NotFound());
        var known = new Indexer<ConfigMap>();
        var fifo = new DeltaFIFO<ConfigMap>(knownObjects: known);
        await using var h = new Harness(server, fifo);
        await Poll.UntilAsync(() => fifo.HasSynced, "the empty sync");
        await h.WatchingAsync();
        Assert.Equal(1, h.Stats.ListErrors);
        Assert.Contains(h.Errors, e => e is KubeApiException k && k.IsNotFound);
        await DrainAsync(fifo, known);
        Assert.Equal(1, known.Count);
    }

    [Fact]
    public async Task List_errors_back_off_and_list_again()
    {
        var server = new FakeApiServer();
        server.Create("a");
        server.ListFaults.Enqueue(_ => FakeApiServer.TooManyRequests());
        server.ListFaults.Enqueue(_ => FakeApiServer.Refused());
        await using var h = new Harness(server);
        await h.WatchingAsync();
        Assert.Equal(2, h.Stats.ListErrors);
        Assert.Equal(1, h.Stats.Lists);
        Assert.Equal(1, h.Indexer.Count);
    }

    [Fact]
    public async Task Resync_calls_the_store_when_it_is_due()
    {
        var store = new CountingStore();
        var server = new FakeApiServer();
        await using (var h = new Harness(server, store, resync: TimeSpan.FromMilliseconds(20)))
        {
            await Poll.UntilAsync(() => store.Resyncs >= 3, "three resyncs");
            Assert.True(h.Stats.Resyncs >= 3);
        }

        var refusing = new CountingStore();
        var reflector = new Reflector<ConfigMap>(new FakeApiServer(), refusing, TimeSpan.FromMilliseconds(10), FastRetries.Reflector()) { ShouldResync = () => false };
        using var cts = new CancellationTokenSource();
        var run = reflector.RunAsync(cts.Token);
        await Task.Delay(200);
        cts.Cancel();
        await run;
        Assert.Equal(0, refusing.Resyncs);
    }

    [Fact]
    public async Task Cancelling_stops_the_reflector_quietly_and_it_runs_once_at_a_time()
    {
        var server = new FakeApiServer();
        var reflector = new Reflector<ConfigMap>(server, new Indexer<ConfigMap>(), options: FastRetries.Reflector());
        using var cts = new CancellationTokenSource();
        var run = reflector.RunAsync(cts.Token);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        await Assert.ThrowsAsync<InvalidOperationException>(() => reflector.RunAsync(CancellationToken.None));
        cts.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, server.ActiveWatches);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Reflector<ConfigMap>(new FakeApiServer(), new Indexer<ConfigMap>(), options: new ReflectorOptions { PageSize = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Reflector<ConfigMap>(new FakeApiServer(), new Indexer<ConfigMap>(), options: new ReflectorOptions { MinWatchTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Reflector<ConfigMap>(new FakeApiServer(), new Indexer<ConfigMap>(), TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task A_stream_cut_in_the_middle_of_an_event_resumes_after_the_last_whole_event()
    {
        // The whole stack: typed lister-watcher, Request, watch decoding, over a fake HTTP server.
        string Event(string type, string name, int rv) =>
            $"{{\"type\":\"{type}\",\"object\":{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\",\"namespace\":\"ns\",\"resourceVersion\":\"{rv}\"}}}}}}\n";
        var requests = new List<string>();
        var handler = new FakeHttpHandler();
        handler.Respond(r =>
        {
            requests.Add(r.RequestUri!.PathAndQuery);
            return Responses.Ok("{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"10\"},\"items\":[]}");
        });
        handler.Respond(r =>
        {
            requests.Add(r.RequestUri!.PathAndQuery);
            string body = Event("ADDED", "a", 11) + Event("ADDED", "b", 12) + Event("ADDED", "c", 13);
            var bytes = Encoding.UTF8.GetBytes(body);
            int cut = body.IndexOf("\"name\":\"c\"", StringComparison.Ordinal);
            return Responses.Stream(new ChunkedStream(new[] { bytes.AsSpan(0, cut).ToArray() }, new IOException("The response ended prematurely.")));
        });
        handler.Respond(r =>
        {
            requests.Add(r.RequestUri!.PathAndQuery);
            return Responses.Stream(new MemoryStream(Encoding.UTF8.GetBytes(Event("ADDED", "c", 13))));
        });
        handler.RespondAsync(async (r, ct) =>
        {
            requests.Add(r.RequestUri!.PathAndQuery);
            await Task.Delay(Timeout.Infinite, ct);
            throw new OperationCanceledException(ct);
        });
        using var rest = TestRest.Create(handler, maxRetries: 0);
        var client = new ResourceClient<ConfigMap, ConfigMapList>(rest, ConfigMapsClient.Descriptor, "ns");
        var indexer = new Indexer<ConfigMap>();
        var reflector = new Reflector<ConfigMap>(new TypedListerWatcher<ConfigMap, ConfigMapList>(client, new ListWatchScope { LabelSelector = "app=web" }), indexer, options: FastRetries.Reflector());
        using var cts = new CancellationTokenSource();
        var run = reflector.RunAsync(cts.Token);
        await Poll.UntilAsync(() => indexer.Count == 3 && reflector.Statistics.Watches >= 3, "a, b and c");
        cts.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, reflector.Statistics.Lists);
        Assert.Equal(1, reflector.Statistics.WatchesCut);
        Assert.Contains("resourceVersion=12", requests[2]);
        Assert.All(requests, r => Assert.Contains("labelSelector=app%3Dweb", r));
        Assert.Contains("/api/v1/namespaces/ns/configmaps", requests[0]);
        Assert.Equal(new[] { "ns/a", "ns/b", "ns/c" }, indexer.ListKeys().OrderBy(k => k));
    }

    [Fact]
    public void A_bad_label_selector_fails_when_the_lister_watcher_is_made()
    {
        using var rest = TestRest.Create(new FakeHttpHandler());
        var client = new ResourceClient<ConfigMap, ConfigMapList>(rest, ConfigMapsClient.Descriptor, "ns");
        var e = Assert.Throws<ArgumentException>(() => new TypedListerWatcher<ConfigMap, ConfigMapList>(client, new ListWatchScope { LabelSelector = "app in web" }));
        Assert.Contains("app in web", e.Message);
    }

    /// <summary>Pops everything queued into the known objects, as an informer would; returns what it saw.</summary>
    private static async Task<List<string>> DrainAsync(DeltaFIFO<ConfigMap> fifo, Indexer<ConfigMap> known)
    {
        var seen = new List<string>();
        await Poll.UntilAsync(() => fifo.Count > 0 || fifo.HasSynced, "queued changes");
        while (fifo.Count > 0)
        {
            await fifo.PopAsync((deltas, _) =>
            {
                foreach (var d in deltas)
                {
                    if (d.Object is DeletedFinalStateUnknown<ConfigMap> t)
                    {
                        seen.Add($"{d.Type} {t.Key} tombstone v={t.Obj.Data!["v"]}");
                        known.DeleteByKey(t.Key);
                        continue;
                    }
                    var cm = (ConfigMap)d.Object;
                    seen.Add($"{d.Type} {known.KeyOf(cm)} v={cm.Data!["v"]}");
                    if (d.Type == DeltaType.Deleted) known.Delete(cm);
                    else known.Update(cm);
                }
            });
        }
        return seen;
    }

    private sealed class CountingStore : IReflectorStore<ConfigMap>
    {
        private int _resyncs;

        public int Resyncs => Volatile.Read(ref _resyncs);

        public void Add(ConfigMap obj) { }
        public void Update(ConfigMap obj) { }
        public void Delete(ConfigMap obj) { }
        public void Replace(IEnumerable<ConfigMap> items, string resourceVersion) { }
        public void Resync() => Interlocked.Increment(ref _resyncs);
    }
}
