using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Cache;

/// <summary>Informers and the factory against the real server, in a namespace of this class's own.</summary>
[Trait("Category", "Integration")]
public sealed class InformerTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public InformerTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.CoreV1.ConfigMapsClient ConfigMaps => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

    private SharedInformerFactory Factory(string labelSelector) => new(_cluster.Rest, new SharedInformerFactoryOptions
    {
        Namespace = _cluster.Namespace,
        LabelSelector = labelSelector,
    });

    private Task ConvergesAsync(SharedIndexInformer<ConfigMap> informer, string labelSelector) =>
        InformerProbe<ConfigMap>.ConvergesAsync(informer, async ct =>
            (await ConfigMaps.ListAsync(new ListOptions { LabelSelector = labelSelector }, ct)).Items!);

    [Fact]
    public async Task An_informer_on_configmaps_sees_adds_updates_and_deletes_and_its_cache_equals_a_fresh_list()
    {
        var labels = Objects.Labels(("informer", "crud"));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("before-1", labels));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("before-2", labels));
        await using var factory = Factory("informer=crud");
        var informer = factory.ConfigMaps();
        var probe = new InformerProbe<ConfigMap>();
        var registration = informer.AddEventHandler(probe);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        factory.Start(timeout.Token);
        var synced = await factory.WaitForCacheSyncAsync(timeout.Token);
        Assert.True(synced.Values.Single());
        await Eventually.UntilAsync("the handler to sync", _ => Task.FromResult(registration.HasSynced));
        Assert.Equal(new[] { "add before-1 initial", "add before-2 initial" }, probe.Events.OrderBy(e => e));

        await ConfigMaps.CreateAsync(Objects.ConfigMap("created", labels));
        await ConfigMaps.PatchAsync("before-1", PatchType.Merge, """{"data":{"k":"v"}}""");
        await ConfigMaps.DeleteAsync("before-2");
        await Eventually.UntilAsync("the three events", _ => Task.FromResult(probe.Events.Count == 5));
        Assert.Equal(new[] { "add created", "delete before-2", "update before-1" }, probe.Events.Skip(2).OrderBy(e => e));

        await ConvergesAsync(informer, "informer=crud");
        Assert.Empty(probe.DuplicateAdds);
        Assert.Equal("v", informer.Lister().Namespace(_cluster.Namespace).Get("before-1")!.Data!["k"]);
        Assert.False(string.IsNullOrEmpty(informer.LastSyncResourceVersion));
        Assert.Equal(1, informer.Statistics.Lists);
    }

    [Fact]
    public async Task An_object_that_stops_matching_the_selector_is_deleted_from_the_cache_and_comes_back_when_it_matches_again()
    {
        await ConfigMaps.CreateAsync(Objects.ConfigMap("in-scope", Objects.Labels(("informer", "scope"))));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("out-of-scope", Objects.Labels(("informer", "other"))));
        await using var factory = Factory("informer=scope");
        var informer = factory.ConfigMaps();
        var probe = new InformerProbe<ConfigMap>();
        informer.AddEventHandler(probe);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        factory.Start(timeout.Token);
        await factory.WaitForCacheSyncAsync(timeout.Token);
        Assert.Equal(new[] { $"{_cluster.Namespace}/in-scope" }, informer.GetIndexer().ListKeys());

        await ConfigMaps.PatchAsync("in-scope", PatchType.Merge, """{"metadata":{"labels":{"informer":"elsewhere"}}}""");
        await Eventually.UntilAsync("the delete", _ => Task.FromResult(probe.Saw("delete in-scope")));
        await ConfigMaps.PatchAsync("out-of-scope", PatchType.Merge, """{"metadata":{"labels":{"informer":"scope"}}}""");
        await Eventually.UntilAsync("the add", _ => Task.FromResult(probe.Saw("add out-of-scope")));
        await ConvergesAsync(informer, "informer=scope");
    }

    [Fact]
    public async Task A_handler_added_after_the_sync_gets_the_current_state_then_live_changes()
    {
        var labels = Objects.Labels(("informer", "late"));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("late-1", labels));
        await using var factory = Factory("informer=late");
        var informer = factory.ConfigMaps();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        factory.Start(timeout.Token);
        await factory.WaitForCacheSyncAsync(timeout.Token);

        var probe = new InformerProbe<ConfigMap>();
        var registration = informer.AddEventHandler(probe);
        await Eventually.UntilAsync("the late handler to sync", _ => Task.FromResult(registration.HasSynced));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("late-2", labels));
        await Eventually.UntilAsync("the live add", _ => Task.FromResult(probe.Events.Count == 2));
        Assert.Equal(new[] { "add late-1 initial", "add late-2" }, probe.Events);
    }

    [Fact]
    public async Task Listers_select_what_the_server_selects()
    {
        var cases = new (string Name, (string, string)[] Labels)[]
        {
            ("sel-a", new[] { ("informer", "lister"), ("tier", "front"), ("size", "3") }),
            ("sel-b", new[] { ("informer", "lister"), ("tier", "back"), ("size", "10") }),
            ("sel-c", new[] { ("informer", "lister"), ("tier", ""), ("canary", "true") }),
            ("sel-d", new[] { ("informer", "lister") }),
        };
        foreach (var (name, labels) in cases) await ConfigMaps.CreateAsync(Objects.ConfigMap(name, Objects.Labels(labels)));
        await using var factory = Factory("informer=lister");
        var informer = factory.ConfigMaps();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        factory.Start(timeout.Token);
        await factory.WaitForCacheSyncAsync(timeout.Token);
        await ConvergesAsync(informer, "informer=lister");
        var lister = informer.Lister().Namespace(_cluster.Namespace);

        foreach (string selector in new[]
        {
            "tier", "!tier", "tier=front", "tier==back", "tier!=front", "tier in (front,back)", "tier notin (front)",
            "tier in ()", "tier=", "canary,tier", "size>5", "size<5", "size>0", "!canary,tier in (back)", "size notin (3,10)",
        })
        {
            var fromServer = (await ConfigMaps.ListAsync(new ListOptions { LabelSelector = "informer=lister," + selector })).Items!.Select(c => c.Metadata!.Name).OrderBy(n => n);
            var fromCache = lister.List(selector).Select(c => c.Metadata!.Name).OrderBy(n => n);
            Assert.True(fromServer.SequenceEqual(fromCache), $"\"{selector}\": the server selected [{string.Join(",", fromServer)}], the lister [{string.Join(",", fromCache)}]");
        }
    }

    [Theory]
    [InlineData("a=b=c")]
    [InlineData("a in b")]
    [InlineData("a in (b")]
    [InlineData("!a=b")]
    [InlineData("a,,b")]
    [InlineData("a=b,")]
    [InlineData("a>b")]
    [InlineData("-a=b")]
    [InlineData("a/b/c=d")]
    [InlineData("a=-b")]
    [InlineData("Example.com/a=b")]
    [InlineData("a>-1")]
    public async Task Selectors_our_parser_refuses_the_server_refuses(string selector)
    {
        Assert.Throws<FormatException>(() => Kube.Client.Labels.Selector.Parse(selector));
        var e = await Assert.ThrowsAsync<KubeApiException>(() => ConfigMaps.ListAsync(new ListOptions { LabelSelector = selector }));
        Assert.True(e.IsBadRequest, $"\"{selector}\": {e.StatusCode} {e.Message}");
    }
}
