using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Operations;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Kube.Client.Wait;
using Xunit;

namespace Kube.Client.Tests.Operations;

public sealed class ResourceDeleterTests
{
    private static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");

    private static DynamicResourceClient Client(FakeHttpHandler handler) => new DynamicClient(TestRest.Create(handler)).Resource(ConfigMaps).Namespace("default");

    private static SharedIndexInformer<Unstructured> Informer(FakeApiServer server) => new(new UnstructuredView(server));

    [Fact]
    public async Task A_delete_to_wait_for_reads_the_uid_first_and_one_that_is_not_waited_for_does_not()
    {
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Ok("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"default\",\"uid\":\"u-1\"}}"))
            .Respond(_ => Responses.Ok("{}"))
            .Respond(_ => Responses.Ok("{}"))
            .Respond(_ => Responses.Ok("{}"));

        var waited = await ResourceDeleter.DeleteAsync(Client(handler), "c", new DeleteOptions { PropagationPolicy = "Foreground" }, readUid: true);
        var notWaited = await ResourceDeleter.DeleteAsync(Client(handler), "c", null, readUid: false);
        var dryRun = await ResourceDeleter.DeleteAsync(Client(handler), "c", new DeleteOptions { DryRun = new List<string> { "All" } }, readUid: true);

        Assert.Equal(new[] { "GET", "DELETE", "DELETE", "DELETE" }, handler.Requests.Select(r => r.Method.Method));
        Assert.Contains("\"propagationPolicy\":\"Foreground\"", handler.Bodies[1]);
        Assert.Equal(("u-1", "default/c"), (waited.Uid, waited.Key));
        Assert.Null(notWaited.Uid);
        Assert.Null(dryRun.Uid);
    }

    [Fact]
    public async Task The_wait_ends_when_the_object_is_gone()
    {
        var server = new FakeApiServer();
        var cm = server.Create("c");
        var deleted = await DeletedAsync(cm.Metadata!.Uid);
        var seen = new List<string>();
        var informer = Informer(server);

        var waiting = ResourceDeleter.WaitGoneAsync(informer, deleted, "ConfigMap default/c", TimeSpan.FromSeconds(20), s => { lock (seen) seen.Add(s); });
        await Poll.UntilAsync(() => { lock (seen) return seen.Contains("still present"); }, "the waiter to see the object");
        Assert.False(waiting.IsCompleted);
        server.Delete("c");

        await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        lock (seen) Assert.Equal("deleted", seen.Last());
        Assert.True(informer.IsStopped);
    }

    [Fact]
    public async Task A_new_object_of_the_same_name_does_not_hold_the_wait_up()
    {
        var server = new FakeApiServer();
        var old = server.Create("c");
        server.Delete("c");
        server.Create("c");
        var deleted = await DeletedAsync(old.Metadata!.Uid);

        await ResourceDeleter.WaitGoneAsync(Informer(server), deleted, "ConfigMap default/c", TimeSpan.FromSeconds(20), null).WaitAsync(TimeSpan.FromSeconds(20));

        // Without the uid, the object of that name is still there.
        var e = await Assert.ThrowsAsync<WaitTimeoutException>(() =>
            ResourceWaiter.WaitAsync(Informer(server), "default/c", "ConfigMap default/c", WaitCondition.Deleted, TimeSpan.FromMilliseconds(300), null, CancellationToken.None));
        Assert.Equal("still present", e.LastSeen);
    }

    private static async Task<DeletedObject> DeletedAsync(string? uid)
    {
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Ok($"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"c\",\"namespace\":\"default\",\"uid\":\"{uid}\"}}}}"))
            .Respond(_ => Responses.Ok("{}"));
        return await ResourceDeleter.DeleteAsync(Client(handler), "c", null, readUid: true);
    }
}
