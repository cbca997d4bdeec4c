using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Kube.Client.Wait;
using Xunit;

namespace Kube.Client.Tests.Wait;

public sealed class ResourceWaiterTests
{
    private static readonly WaitCondition Done = WaitCondition.JsonPathValue("{.data.v}", "done");

    [Fact]
    public async Task A_condition_met_already_returns_the_object_at_once()
    {
        var server = new FakeApiServer();
        server.Create("c", "done");

        var obj = await ResourceWaiter.WaitAsync(new SharedIndexInformer<Unstructured>(new UnstructuredView(server)), "default/c", Done, null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("c", obj!.Name);
    }

    [Fact]
    public async Task On_a_shared_running_informer_the_wait_listens_and_leaves_it_running()
    {
        var server = new FakeApiServer();
        server.Create("c", "working");
        var informer = new SharedIndexInformer<Unstructured>(new UnstructuredView(server));
        using var cts = new CancellationTokenSource();
        informer.Start(cts.Token);
        await informer.WaitForCacheSyncAsync(CancellationToken.None);

        var waiting = ResourceWaiter.WaitAsync(informer, "default/c", "ConfigMap default/c", Done, TimeSpan.FromSeconds(20), null, CancellationToken.None);
        server.Update("c", "done");
        var obj = await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("done", obj!.Content["data"]!["v"]!.ToString());
        Assert.False(informer.IsStopped);
        cts.Cancel();
        await informer.Completion.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_timeout_says_what_was_last_seen()
    {
        var server = new FakeApiServer();
        server.Create("c", "working");

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => ResourceWaiter.WaitAsync(new SharedIndexInformer<Unstructured>(new UnstructuredView(server)),
            "default/c", "ConfigMap default/c", Done, TimeSpan.FromMilliseconds(500), null, CancellationToken.None));

        Assert.Equal("{.data.v} is 'working'", e.LastSeen);
        Assert.Equal("default/c", e.Key);
        Assert.Equal("Timed out after 0.5 s waiting for ConfigMap default/c to meet {.data.v} = 'done'; last seen: {.data.v} is 'working'.", e.Message);
    }

    [Fact]
    public async Task A_list_error_before_the_first_list_is_what_a_timeout_reports()
    {
        var server = new FakeApiServer();
        for (int i = 0; i < 20; i++) server.ListFaults.Enqueue(_ => FakeApiServer.TooManyRequests());

        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() => ResourceWaiter.WaitAsync(new SharedIndexInformer<Unstructured>(new UnstructuredView(server)),
            "default/c", "ConfigMap default/c", WaitCondition.Deleted, TimeSpan.FromMilliseconds(500), null, CancellationToken.None));

        Assert.Equal("an error from the server: too many requests", e.LastSeen);
        Assert.Equal("to be deleted", WaitCondition.Deleted.Goal);
    }

    [Fact]
    public async Task Cancelling_is_not_a_timeout()
    {
        var server = new FakeApiServer();
        server.Create("c", "working");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ResourceWaiter.WaitAsync(new SharedIndexInformer<Unstructured>(new UnstructuredView(server)),
            "default/c", "ConfigMap default/c", Done, TimeSpan.FromMinutes(5), null, cts.Token));

        Assert.IsNotType<WaitTimeoutException>(e);
    }

    [Fact]
    public async Task On_a_shared_informer_that_lags_a_state_older_than_the_server_s_is_not_judged()
    {
        var server = new FakeApiServer();
        server.Create("c", "done");
        var (informer, cts) = await StartedAsync(server);
        await LagAsync(server, informer);
        // The change the caller made just before waiting; the informer has not seen it, its cache still says "done".
        var working = server.Update("c", "working");
        var freshness = new CacheFreshness(working.Metadata!.ResourceVersion, exists: true);

        var waiting = ResourceWaiter.WaitAsync(informer, "default/c", "ConfigMap default/c", Done, TimeSpan.FromSeconds(20), null, freshness, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the wait judged the cache's state from before the change");

        server.ReleaseWatches();
        var done = server.Update("c", "done");
        var obj = await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(done.Metadata!.ResourceVersion, obj!.ResourceVersion);
        cts.Cancel();
    }

    [Fact]
    public async Task An_object_the_lagging_cache_has_not_seen_yet_is_not_taken_as_deleted()
    {
        var server = new FakeApiServer();
        var (informer, cts) = await StartedAsync(server);
        await LagAsync(server, informer);
        var created = server.Create("c", "working");
        var freshness = new CacheFreshness(created.Metadata!.ResourceVersion, exists: true);

        var waiting = ResourceWaiter.WaitAsync(informer, "default/c", "ConfigMap default/c", WaitCondition.Deleted, TimeSpan.FromSeconds(20), null, freshness, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the wait took the object's absence from a cache that had not seen it yet for its deletion");

        server.ReleaseWatches();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        server.Delete("c");
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(20)));
        cts.Cancel();
    }

    [Fact]
    public async Task An_object_deleted_on_the_server_is_not_judged_by_its_cached_state()
    {
        var server = new FakeApiServer();
        server.Create("c", "done");
        var (informer, cts) = await StartedAsync(server);
        await LagAsync(server, informer);
        server.Delete("c");
        var absent = new CacheFreshness(server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), exists: false);

        var waiting = ResourceWaiter.WaitAsync(informer, "default/c", "ConfigMap default/c", Done, TimeSpan.FromSeconds(20), null, absent, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the wait judged a cached object the server had deleted");

        server.ReleaseWatches();
        server.Create("c", "done");
        Assert.Equal("done", (await waiting.WaitAsync(TimeSpan.FromSeconds(20)))!.Content["data"]!["v"]!.ToString());
        cts.Cancel();
    }

    [Fact]
    public void Versions_that_are_not_numbers_are_not_compared()
    {
        var freshness = new CacheFreshness("abc", exists: true);
        var cached = new Unstructured(new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["resourceVersion"] = "1" } });

        Assert.True(freshness.IsFresh(cached, "1"));
        Assert.True(freshness.IsFresh(null, ""));
        Assert.False(new CacheFreshness("5", exists: true).IsFresh(cached, "4"));
        Assert.False(new CacheFreshness("5", exists: true).IsFresh(null, "4"));
        Assert.True(new CacheFreshness("5", exists: true).IsFresh(null, "6"));
        Assert.True(new CacheFreshness("5", exists: false).IsFresh(null, ""));
    }

    private static async Task<(SharedIndexInformer<Unstructured>, CancellationTokenSource)> StartedAsync(FakeApiServer server)
    {
        var informer = new SharedIndexInformer<Unstructured>(new UnstructuredView(server), options: FastRetries.Informer());
        var cts = new CancellationTokenSource();
        informer.Start(cts.Token);
        await informer.WaitForCacheSyncAsync(CancellationToken.None);
        return (informer, cts);
    }

    /// <summary>Cuts the informer's watch and holds its next one, so it sees no change until ReleaseWatches.</summary>
    private static async Task LagAsync(FakeApiServer server, SharedIndexInformer<Unstructured> informer)
    {
        server.HoldWatches();
        server.CutWatches();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (server.HeldWatches == 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"{informer.Name} did not watch again");
            await Task.Delay(10);
        }
    }
}
