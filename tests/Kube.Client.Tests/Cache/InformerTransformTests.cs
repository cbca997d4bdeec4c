using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Cache;

/// <summary>An informer's transform (client-go's SetTransform): every object passes through it before the cache and the handlers see it.</summary>
public class InformerTransformTests
{
    private static ConfigMap Marked(ConfigMap cm)
    {
        cm.Data!["v"] = "t" + cm.Data["v"];
        return cm;
    }

    [Fact]
    public async Task Adds_updates_deletes_and_relists_pass_through_the_transform()
    {
        var server = new FakeApiServer();
        server.Create("a", "1");
        server.Create("b", "1");
        var errors = new List<Exception>();
        var informer = new SharedIndexInformer<ConfigMap>(server, options: FastRetries.Informer(errors));
        int calls = 0;
        informer.SetTransform(cm =>
        {
            Interlocked.Increment(ref calls);
            return Marked(cm);
        });
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForCacheSyncAsync(cts.Token);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");

        server.Update("a", "2");
        server.Create("c", "1");
        server.Delete("b");
        await Poll.UntilAsync(() => handler.Count == 5, "five events");
        Assert.Equal(new[] { "add default/a v=t1 initial", "add default/b v=t1 initial" }, handler.Events.Take(2).OrderBy(e => e));
        Assert.Equal(new[] { "update default/a v=t1 -> v=t2", "add default/c v=t1", "delete default/b v=t1" }, handler.Events.Skip(2));
        Assert.Equal(5, Volatile.Read(ref calls));

        // A relist (the watch expired) passes every listed object through it again.
        server.Update("c", "2");
        server.Compact();
        server.FailWatches(FakeApiServer.Gone);
        await Poll.UntilAsync(() => Volatile.Read(ref calls) >= 8, "the relist and c's update");
        await Poll.UntilAsync(() => informer.GetIndexer().List().All(cm => cm.Data!["v"] is "t2"), "the cache to hold transformed objects only");
        Assert.Equal(new[] { "default/a", "default/c" }, informer.GetIndexer().ListKeys().OrderBy(k => k));
        Assert.Empty(errors);

        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task A_transform_that_throws_or_returns_null_leaves_the_object_as_it_came_and_is_reported_by_name()
    {
        var server = new FakeApiServer();
        server.Create("good", "1");
        server.Create("bad", "1");
        server.Create("empty", "1");
        var errors = new List<Exception>();
        var informer = new SharedIndexInformer<ConfigMap>(server, options: FastRetries.Informer(errors));
        informer.SetTransform(cm => cm.Metadata!.Name switch
        {
            "bad" => throw new FormatException("no"),
            "empty" => null!,
            _ => Marked(cm),
        });
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForCacheSyncAsync(cts.Token);

        var cache = informer.GetIndexer().List().ToDictionary(cm => cm.Metadata!.Name!, cm => cm.Data!["v"]);
        Assert.Equal(new Dictionary<string, string> { ["good"] = "t1", ["bad"] = "1", ["empty"] = "1" }, cache);
        var reported = errors.Cast<InformerTransformException>().OrderBy(e => e.Message).ToList();
        Assert.Equal(2, reported.Count);
        Assert.Contains("\"default/bad\"", reported[0].Message);
        Assert.IsType<FormatException>(reported[0].InnerException);
        Assert.Contains("\"default/empty\"", reported[1].Message);
        Assert.Contains("returned null", reported[1].Message);

        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task The_transform_is_set_before_the_start_only()
    {
        var informer = new SharedIndexInformer<ConfigMap>(new FakeApiServer());
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);

        var error = Assert.Throws<InvalidOperationException>(() => informer.SetTransform(Marked));
        Assert.Contains("set its transform before it starts", error.Message);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task The_options_transform_drops_managed_fields_of_typed_objects_and_reports_a_wrong_type()
    {
        var server = new FakeApiServer();
        server.Create("a", "1");
        var errors = new List<Exception>();
        var informer = new SharedIndexInformer<ConfigMap>(new ManagedFieldsLister(server), options: FastRetries.Informer(errors, ObjectTransforms.DropManagedFields));
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await informer.WaitForCacheSyncAsync(cts.Token);

        var cached = Assert.Single(informer.GetIndexer().List());
        Assert.Null(cached.Metadata!.ManagedFields);
        Assert.Equal("a", cached.Metadata.Name);
        Assert.Empty(errors);
        cts.Cancel();
        await run;

        var wrong = new SharedIndexInformer<ConfigMap>(server, options: FastRetries.Informer(errors, _ => new Secret()));
        using var cts2 = new CancellationTokenSource();
        var run2 = wrong.RunAsync(cts2.Token);
        await wrong.WaitForCacheSyncAsync(cts2.Token);
        Assert.Equal("1", Assert.Single(wrong.GetIndexer().List()).Data!["v"]);
        var reported = Assert.IsType<InformerTransformException>(Assert.Single(errors));
        Assert.Contains("returned a Kube.Client.Models.CoreV1.Secret, not a Kube.Client.Models.CoreV1.ConfigMap", reported.Message);
        cts2.Cancel();
        await run2;
    }

    [Fact]
    public void DropManagedFields_cuts_them_from_an_unopened_object_without_building_its_tree()
    {
        var obj = Unstructured.Parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"managedFields\":[{\"manager\":\"kubectl\"}],\"name\":\"a\"},\"data\":{\"k\":\"v\"}}");
        var copy = obj.DeepCopy();

        Assert.Same(obj, ObjectTransforms.DropManagedFields(obj));

        Assert.True(obj.TryGetJson(out _), "the object was opened");
        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"v\"}}", obj.ToJson());
        Assert.Contains("managedFields", copy.ToJson());
        foreach (var odd in new[] { "{\"metadata\":\"x\"}", "{\"metadata\":null}", "{\"kind\":\"X\"}" })
        {
            var same = Unstructured.Parse(odd);
            ObjectTransforms.DropManagedFields(same);
            Assert.Equal(odd, same.ToJson());
        }
        Assert.Same("text", ObjectTransforms.DropManagedFields("text"));
    }

    /// <summary>The fake server's objects with a managedFields entry, as a real server sends them.</summary>
    private sealed class ManagedFieldsLister : IListerWatcher<ConfigMap>
    {
        private readonly FakeApiServer _server;

        public ManagedFieldsLister(FakeApiServer server) => _server = server;

        public async Task<IKubeList<ConfigMap>> ListAsync(ListOptions options, CancellationToken cancellationToken)
        {
            var list = await _server.ListAsync(options, cancellationToken);
            foreach (var cm in list.Items!) cm.Metadata!.ManagedFields = new List<ManagedFieldsEntry> { new() { Manager = "kubectl", Operation = "Update" } };
            return list;
        }

        public IAsyncEnumerable<WatchEvent<ConfigMap>> WatchAsync(ListOptions options, CancellationToken cancellationToken) => _server.WatchAsync(options, cancellationToken);
    }
}
