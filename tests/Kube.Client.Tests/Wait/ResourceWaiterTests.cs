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
}
