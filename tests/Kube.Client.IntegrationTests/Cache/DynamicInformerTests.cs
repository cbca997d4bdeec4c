using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.IntegrationTests.Dynamic;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Cache;

/// <summary>A dynamic informer on a custom resource (the Widget CRD the dynamic-client tests share).</summary>
[Trait("Category", "Integration")]
[Collection(DynamicCollection.Name)]
public sealed class DynamicInformerTests
{
    private readonly DynamicClusterFixture _cluster;

    public DynamicInformerTests(DynamicClusterFixture cluster) => _cluster = cluster;

    private Unstructured Widget(string name, long size)
    {
        var widget = _cluster.NewWidget(name, size);
        widget.SetLabel("informer", "dynamic");
        return widget;
    }

    [Fact]
    public async Task A_dynamic_informer_on_a_custom_kind_follows_its_objects_and_equals_a_fresh_list()
    {
        var widgets = _cluster.WidgetsIn();
        await widgets.CreateAsync(Widget("inf-before", 1));
        await using var factory = new SharedInformerFactory(_cluster.Rest, new SharedInformerFactoryOptions
        {
            Namespace = _cluster.Namespace,
            LabelSelector = "informer=dynamic",
        });
        var informer = factory.ForResource(_cluster.Widgets);
        var probe = new InformerProbe<Unstructured>();
        informer.AddEventHandler(probe);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        factory.Start(timeout.Token);
        Assert.True((await factory.WaitForCacheSyncAsync(timeout.Token)).Values.Single());
        // A synced cache does not mean the handler has run: each handler drains its own queue.
        await Eventually.UntilAsync("the initial add", _ => Task.FromResult(probe.Events.Count >= 1));
        Assert.Equal(new[] { "add inf-before initial" }, probe.Events);

        await widgets.CreateAsync(Widget("inf-created", 2));
        await widgets.PatchAsync("inf-before", PatchType.Merge, """{"spec":{"size":5}}""");
        await widgets.DeleteAsync("inf-created");
        await Eventually.UntilAsync("the widget events", _ => Task.FromResult(probe.Events.Count == 4));
        Assert.Equal(new[] { "add inf-created", "update inf-before", "delete inf-created" }, probe.Events.Skip(1));

        await InformerProbe<Unstructured>.ConvergesAsync(informer, async ct =>
            (await widgets.ListAsync(new ListOptions { LabelSelector = "informer=dynamic" }, ct)).Items);
        var cached = informer.Lister().Namespace(_cluster.Namespace).Get("inf-before")!;
        Assert.Equal(5, cached.NestedInt64("spec", "size"));
        Assert.Equal("Widget", cached.Kind);
        Assert.Empty(probe.DuplicateAdds);
        await widgets.DeleteAsync("inf-before");
    }
    [Fact]
    public async Task DropManagedFields_leaves_every_cached_object_as_the_server_sent_it_without_managedFields_and_unopened()
    {
        var widgets = _cluster.WidgetsIn();
        await widgets.CreateAsync(Widget("inf-managed-a", 1));
        await widgets.CreateAsync(Widget("inf-managed-b", 2));
        await widgets.PatchAsync("inf-managed-b", PatchType.Merge, """{"metadata":{"annotations":{"note":"x"}}}""");
        await using var factory = new SharedInformerFactory(_cluster.Rest, new SharedInformerFactoryOptions
        {
            Namespace = _cluster.Namespace,
            LabelSelector = "informer=dynamic",
            InformerOptions = new SharedIndexInformerOptions { Transform = ObjectTransforms.DropManagedFields },
        });
        var informer = factory.ForResource(_cluster.Widgets);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        factory.Start(timeout.Token);
        Assert.True((await factory.WaitForCacheSyncAsync(timeout.Token)).Values.Single());
        var patched = await widgets.PatchAsync("inf-managed-a", PatchType.Merge, """{"spec":{"size":7}}""");
        // ResourceVersion reads the held bytes in place; NestedInt64 would open the tree.
        await Eventually.UntilAsync("the patched widget", _ => Task.FromResult(informer.Lister().Namespace(_cluster.Namespace).Get("inf-managed-a")?.ResourceVersion == patched.ResourceVersion));

        foreach (var name in new[] { "inf-managed-a", "inf-managed-b" })
        {
            var cached = informer.Lister().Namespace(_cluster.Namespace).Get(name)!;
            var served = await widgets.GetAsync(name);
            Assert.NotNull(served.NestedField("metadata", "managedFields"));
            if (cached.ResourceVersion != served.ResourceVersion) continue;
            // Listed (b) or watched (a): the bytes held are the server's, less managedFields, and no tree was built for them.
            Assert.True(cached.TryGetJson(out _), $"{name} was opened on its way into the cache");
            served.RemoveNestedField("metadata", "managedFields");
            Assert.Equal(served.ToJson(), cached.ToJson());
        }
        await widgets.DeleteAsync("inf-managed-a");
        await widgets.DeleteAsync("inf-managed-b");
    }
}
