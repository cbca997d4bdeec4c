using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models.CoreV1;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Cache;

public class SharedIndexInformerTests
{
    private static SharedIndexInformer<ConfigMap> Informer(FakeApiServer server, TimeSpan resync = default, List<Exception>? handlerErrors = null) =>
        new(server, resync, new Dictionary<string, IndexFunc<ConfigMap>> { [CacheKeys.NamespaceIndex] = cm => CacheKeys.MetaNamespaceIndexFunc(cm) }, FastRetries.Informer(handlerErrors));

    private static string[] Keys(SharedIndexInformer<ConfigMap> informer) => informer.GetIndexer().ListKeys().OrderBy(k => k).ToArray();

    private static string[] Keys(FakeApiServer server) => server.Objects().Select(o => o.Metadata!.Namespace + "/" + o.Metadata.Name).OrderBy(k => k).ToArray();

    [Fact]
    public async Task Handlers_get_the_first_list_as_initial_adds_then_every_change_and_the_cache_matches_the_server()
    {
        var server = new FakeApiServer();
        server.Create("a", "1");
        server.Create("b", "1");
        var informer = Informer(server);
        var handler = new RecordingHandler();
        var registration = informer.AddEventHandler(handler);
        Assert.False(informer.HasSynced);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        Assert.True(await informer.WaitForCacheSyncAsync(cts.Token));
        await Poll.UntilAsync(() => registration.HasSynced, "the handler to sync");
        Assert.Equal(new[] { "add default/a v=1 initial", "add default/b v=1 initial" }, handler.Events.OrderBy(e => e));

        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        server.Create("c", "1");
        server.Update("a", "2");
        server.Delete("b");
        await Poll.UntilAsync(() => handler.Count == 5, "three more events");
        Assert.Equal(new[] { "add default/c v=1", "update default/a v=1 -> v=2", "delete default/b v=1" }, handler.Events.Skip(2));
        Assert.Equal(Keys(server), Keys(informer));
        Assert.Equal(server.ResourceVersion.ToString(), informer.LastSyncResourceVersion);

        cts.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(informer.Completion.IsCompleted);
        Assert.True(informer.IsStopped);
    }

    [Fact]
    public async Task A_blocked_handler_stalls_neither_the_cache_nor_another_handler()
    {
        var server = new FakeApiServer();
        var informer = Informer(server);
        using var gate = new ManualResetEventSlim(false);
        int blockedCalls = 0;
        var blocked = informer.AddEventHandler(new ResourceEventHandlerFuncs<ConfigMap>
        {
            AddFunc = (_, _) =>
            {
                Interlocked.Increment(ref blockedCalls);
                gate.Wait(TimeSpan.FromSeconds(30));
            },
        });
        var free = new RecordingHandler();
        informer.AddEventHandler(free);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        try
        {
            await informer.WaitForCacheSyncAsync(cts.Token);
            await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
            for (int i = 0; i < 100; i++) server.Create($"cm{i:D3}");

            await Poll.UntilAsync(() => free.Count == 100, "the free handler to get every add");
            await Poll.UntilAsync(() => informer.GetIndexer().Count == 100, "the cache to hold every object");
            Assert.Equal(1, Volatile.Read(ref blockedCalls));
            Assert.Equal(99, blocked.PendingNotifications);
        }
        finally
        {
            gate.Set();
        }
        await Poll.UntilAsync(() => Volatile.Read(ref blockedCalls) == 100, "the blocked handler to catch up");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"add default/cm{i:D3} v="), free.Events);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task A_handler_added_late_gets_the_cache_as_initial_adds_then_live_changes_once()
    {
        var server = new FakeApiServer();
        server.Create("a", "1");
        var informer = Informer(server);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForCacheSyncAsync(cts.Token);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        server.Create("b", "1");
        await Poll.UntilAsync(() => informer.GetIndexer().Count == 2, "b in the cache");

        var late = new RecordingHandler();
        var registration = informer.AddEventHandler(late);
        await Poll.UntilAsync(() => registration.HasSynced, "the late handler to sync");
        server.Update("a", "2");
        await Poll.UntilAsync(() => late.Count == 3, "the update");

        Assert.Equal(new[] { "add default/a v=1 initial", "add default/b v=1 initial" }, late.Events.Take(2).OrderBy(e => e));
        Assert.Equal("update default/a v=1 -> v=2", late.Events[2]);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task A_relist_after_an_outage_adds_nothing_twice_and_reports_what_changed()
    {
        var server = new FakeApiServer();
        server.Create("same", "1");
        server.Create("changed", "1");
        server.Create("deleted", "1");
        var informer = Informer(server);
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForCacheSyncAsync(cts.Token);
        await Poll.UntilAsync(() => server.ActiveWatches == 1 && handler.Count == 3, "the watch and the initial adds");

        server.HoldWatches();
        server.CutWatches();
        await Poll.UntilAsync(() => server.HeldWatches == 1, "the watch to wait for the server");
        server.Update("changed", "2");
        server.Delete("deleted");
        server.Create("created", "1");
        server.Compact();
        server.ReleaseWatches();

        await Poll.UntilAsync(() => informer.Statistics.Lists == 2 && handler.Count == 6, "the relist's events");
        Assert.Equal(
            new[] { "add default/created v=1", "delete default/deleted tombstone", "update default/changed v=1 -> v=2" },
            handler.Events.Skip(3).OrderBy(e => e));
        var tombstone = Assert.IsType<DeletedFinalStateUnknown<ConfigMap>>(handler.Deleted.Single());
        Assert.Equal("1", DeletedFinalStateUnknown<ConfigMap>.LastKnownState(tombstone).Data!["v"]);
        Assert.Equal(1, handler.Events.Count(e => e.StartsWith("add default/same")));
        Assert.Equal(Keys(server), Keys(informer));
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task Handlers_with_a_resync_period_get_the_cache_again_and_others_do_not()
    {
        var server = new FakeApiServer();
        server.Create("a", "1");
        var informer = Informer(server);
        var resyncing = new RecordingHandler();
        var quiet = new RecordingHandler();
        var withResync = informer.AddEventHandler(resyncing, TimeSpan.FromSeconds(1));
        informer.AddEventHandler(quiet);
        Assert.Equal(TimeSpan.FromSeconds(1), informer.ResyncCheckPeriod);
        Assert.Equal(TimeSpan.FromSeconds(1), withResync.ResyncPeriod);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        await Poll.UntilAsync(() => resyncing.Matching("resync default/a").Count >= 2, "two resyncs");
        Assert.Empty(quiet.Matching("resync"));
        Assert.Single(quiet.Events);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task Resync_periods_are_raised_to_the_minimum_and_after_the_start_to_the_check_period()
    {
        var server = new FakeApiServer();
        var informer = Informer(server, resync: TimeSpan.FromSeconds(30));
        var early = informer.AddEventHandler(new RecordingHandler(), TimeSpan.FromMilliseconds(10));
        Assert.Equal(SharedIndexInformer<ConfigMap>.MinimumResyncPeriod, early.ResyncPeriod);
        Assert.Equal(SharedIndexInformer<ConfigMap>.MinimumResyncPeriod, informer.ResyncCheckPeriod);

        var other = Informer(server, resync: TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource();
        var run = other.RunAsync(cts.Token);
        var late = other.AddEventHandler(new RecordingHandler(), TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(30), late.ResyncPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), other.ResyncCheckPeriod);
        var none = other.AddEventHandler(new RecordingHandler(), TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, none.ResyncPeriod);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task Stopping_waits_for_a_handler_in_the_middle_of_a_call_and_leaves_nothing_running()
    {
        using var blocked = await BlockedInFirstAdd.StartAsync(s => Informer(s));
        var (server, informer, gate, cts, run) = (blocked.Server, blocked.Informer, blocked.Gate, blocked.Stop, blocked.Run);
        cts.Cancel();
        await Task.Delay(100);
        Assert.False(run.IsCompleted);
        gate.Set();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        // The second add was dropped at the stop; nothing calls the handler afterwards.
        Assert.Equal(1, blocked.Calls);
        Assert.Equal(0, server.ActiveWatches);
        Assert.Throws<InvalidOperationException>(() => informer.AddEventHandler(new RecordingHandler()));
        Assert.Throws<InvalidOperationException>(() => informer.Start(CancellationToken.None));
    }

    [Fact]
    public async Task The_stop_reaches_the_handlers_as_the_caller_cancels_not_after_the_informer_winds_down()
    {
        using var blocked = await BlockedInFirstAdd.StartAsync(s => Informer(s));
        // The handler is released the moment Cancel returns: the second add must already be dropped.
        blocked.Stop.Cancel();
        blocked.Gate.Set();
        await blocked.Run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, blocked.Calls);
    }

    [Fact]
    public async Task What_a_handler_throws_is_reported_and_the_handler_keeps_getting_events()
    {
        var server = new FakeApiServer();
        var errors = new List<Exception>();
        var informer = Informer(server, handlerErrors: errors);
        var seen = new List<string>();
        informer.AddEventHandler(new ResourceEventHandlerFuncs<ConfigMap>
        {
            AddFunc = (cm, _) =>
            {
                lock (seen) seen.Add(cm.Metadata!.Name!);
                if (cm.Metadata.Name == "bad") throw new InvalidOperationException("handler bug");
            },
        });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        server.Create("bad");
        server.Create("good");
        await Poll.UntilAsync(() => { lock (seen) return seen.Count == 2; }, "both adds");
        Assert.Equal("handler bug", Assert.Single(errors).Message);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task The_watch_error_handler_hears_of_watch_failures_and_must_be_set_before_the_start()
    {
        var server = new FakeApiServer();
        var informer = Informer(server);
        var errors = new List<Exception>();
        informer.SetWatchErrorHandler(e => { lock (errors) errors.Add(e); });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        Assert.Throws<InvalidOperationException>(() => informer.SetWatchErrorHandler(_ => { }));
        server.FailWatches(FakeApiServer.Gone);
        await Poll.UntilAsync(() => { lock (errors) return errors.Count == 1; }, "the 410 to be reported");
        Assert.True(((Kube.Client.Rest.KubeApiException)errors[0]).IsGone);
        await Poll.UntilAsync(() => informer.Statistics.Lists == 2, "the relist");
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task A_removed_handler_hears_nothing_more()
    {
        var server = new FakeApiServer();
        var informer = Informer(server);
        var removed = new RecordingHandler();
        var kept = new RecordingHandler();
        var registration = informer.AddEventHandler(removed);
        informer.AddEventHandler(kept);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        server.Create("a");
        await Poll.UntilAsync(() => removed.Count == 1, "the first add");
        Assert.True(informer.RemoveEventHandler(registration));
        Assert.False(informer.RemoveEventHandler(registration));
        server.Create("b");
        await Poll.UntilAsync(() => kept.Count == 2, "the second add");
        Assert.Equal(1, removed.Count);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task Indexes_and_listers_read_the_cache()
    {
        var server = new FakeApiServer();
        server.Create("a", "red", "ns1", new Dictionary<string, string> { ["app"] = "web" });
        server.Create("b", "blue", "ns1", new Dictionary<string, string> { ["app"] = "db" });
        server.Create("c", "red", "ns2", new Dictionary<string, string> { ["app"] = "web" });
        var informer = Informer(server);
        informer.AddIndexers(new Dictionary<string, IndexFunc<ConfigMap>> { ["color"] = cm => new[] { cm.Data!["v"] } });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForCacheSyncAsync(cts.Token);

        Assert.Equal(new[] { "ns1/a", "ns2/c" }, informer.GetIndexer().IndexKeys("color", "red").OrderBy(k => k));
        var lister = informer.Lister();
        Assert.Equal(new[] { "a", "c" }, lister.List("app=web").Select(c => c.Metadata!.Name).OrderBy(n => n));
        Assert.Equal("b", lister.Namespace("ns1").Get("b")!.Metadata!.Name);
        Assert.Single(lister.Namespace("ns2").List());
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task An_informer_runs_once()
    {
        var informer = Informer(new FakeApiServer());
        using var cts = new CancellationTokenSource();
        informer.Start(cts.Token);
        Assert.True(informer.IsStarted);
        // Synchronously, not through the task.
        Assert.Throws<InvalidOperationException>(() => { _ = informer.RunAsync(cts.Token); });
        cts.Cancel();
        await informer.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(informer.IsStopped);
    }

    [Fact]
    public void Only_objects_with_metadata_can_be_cached()
    {
        var lw = new ListWatch<string>((_, _) => throw new NotSupportedException(), (_, _) => throw new NotSupportedException());
        var e = Assert.Throws<ArgumentException>(() => new SharedIndexInformer<string>(lw));
        Assert.Contains("no object metadata", e.Message);
    }

    [Fact]
    public async Task Watch_error_listeners_come_and_go_at_any_time_beside_the_owners_handler()
    {
        var server = new FakeApiServer();
        var informer = Informer(server);
        var owner = new List<string>();
        var early = new List<string>();
        var late = new List<string>();
        informer.SetWatchErrorHandler(e => { lock (owner) owner.Add(e.Message); });
        var earlyListener = informer.AddWatchErrorListener(e => { lock (early) early.Add(e.Message); });
        using var cts = new CancellationTokenSource();
        informer.Start(cts.Token);
        await informer.WaitForCacheSyncAsync(CancellationToken.None);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        using (informer.AddWatchErrorListener(_ => throw new InvalidOperationException("a listener that throws does not stop the others")))
        using (informer.AddWatchErrorListener(e => { lock (late) late.Add(e.Message); }))
        {
            server.FailWatches(FakeApiServer.TooManyRequests);
            await Poll.UntilAsync(() => { lock (late) return late.Count == 1; }, "the late listener");
        }
        earlyListener.Dispose();
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch again");
        server.FailWatches(FakeApiServer.TooManyRequests);
        await Poll.UntilAsync(() => { lock (owner) return owner.Count == 2; }, "the second error");

        lock (early) Assert.Single(early);
        lock (late) Assert.Single(late);
        cts.Cancel();
        await informer.Completion;
    }

    /// <summary>An informer of two ConfigMaps running, its one handler blocked inside the first add until <see cref="Gate"/> opens.</summary>
    private sealed class BlockedInFirstAdd : IDisposable
    {
        private readonly ManualResetEventSlim _entered = new(false);
        private int _calls;

        private BlockedInFirstAdd(FakeApiServer server, SharedIndexInformer<ConfigMap> informer)
        {
            Server = server;
            Informer = informer;
        }

        public FakeApiServer Server { get; }
        public SharedIndexInformer<ConfigMap> Informer { get; }
        public ManualResetEventSlim Gate { get; } = new(false);
        public CancellationTokenSource Stop { get; } = new();
        public Task Run { get; private set; } = Task.CompletedTask;
        public int Calls => Volatile.Read(ref _calls);

        public static async Task<BlockedInFirstAdd> StartAsync(Func<FakeApiServer, SharedIndexInformer<ConfigMap>> makeInformer)
        {
            var server = new FakeApiServer();
            server.Create("a");
            server.Create("b");
            var blocked = new BlockedInFirstAdd(server, makeInformer(server));
            var entered = blocked._entered;
            blocked.Informer.AddEventHandler(new ResourceEventHandlerFuncs<ConfigMap>
            {
                AddFunc = (_, _) =>
                {
                    Interlocked.Increment(ref blocked._calls);
                    entered.Set();
                    blocked.Gate.Wait(TimeSpan.FromSeconds(30));
                },
            });
            blocked.Run = blocked.Informer.RunAsync(blocked.Stop.Token);
            await Task.Run(() => entered.Wait(TimeSpan.FromSeconds(10)));
            return blocked;
        }

        public void Dispose()
        {
            Gate.Set();
            Stop.Dispose();
            _entered.Dispose();
        }
    }
}
