using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Xunit;

namespace Kube.Client.IntegrationTests.Dynamic;

/// <summary>Built-in kinds through the dynamic client, against what the typed client sees of them.</summary>
[Trait("Category", "Integration")]
[Collection(DynamicCollection.Name)]
public sealed class BuiltInKindTests
{
    private readonly DynamicClusterFixture _cluster;

    public BuiltInKindTests(DynamicClusterFixture cluster) => _cluster = cluster;

    private DynamicResourceClient ConfigMaps => _cluster.Dynamic.Resource(DynamicClusterFixture.ConfigMaps).Namespace(_cluster.Namespace);

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);

    private static Unstructured ConfigMap(string name, params (string Key, string Value)[] data)
    {
        var cm = new Unstructured("v1", "ConfigMap") { Name = name };
        cm.SetNestedStringMap(data.ToDictionary(d => d.Key, d => d.Value), "data");
        return cm;
    }

    [Fact]
    public async Task A_ConfigMap_made_through_the_dynamic_client_is_the_one_the_typed_client_reads()
    {
        string name = Unique("cm");
        var cm = ConfigMap(name, ("greeting", "héllo"), ("n", "1"));
        cm.SetLabel("app", "dynamic");

        var created = await ConfigMaps.CreateAsync(cm);
        var typed = await _cluster.Typed.CoreV1().ConfigMaps(_cluster.Namespace).GetAsync(name);
        var dynamic = await ConfigMaps.GetAsync(name);

        Assert.Equal("héllo", typed.Data!["greeting"]);
        Assert.Equal("dynamic", typed.Metadata!.Labels!["app"]);
        Assert.Equal(created.ResourceVersion, typed.Metadata.ResourceVersion);
        Assert.Equal(dynamic, UnstructuredConverter.ToUnstructured(typed));
        Assert.Equal(typed.Metadata.Uid, UnstructuredConverter.FromUnstructured<ConfigMap>(dynamic).Metadata!.Uid);
        await ConfigMaps.DeleteAsync(name);
    }

    [Fact]
    public async Task Dynamic_and_typed_lists_of_ConfigMaps_agree()
    {
        string label = Unique("list");
        for (int i = 0; i < 3; i++)
        {
            var cm = ConfigMap($"{label}-{i}", ("i", i.ToString()));
            cm.SetLabel("list", label);
            await ConfigMaps.CreateAsync(cm);
        }
        var options = new ListOptions { LabelSelector = "list=" + label };

        var dynamic = await ConfigMaps.ListAsync(options);
        var typed = await _cluster.Typed.CoreV1().ConfigMaps(_cluster.Namespace).ListAsync(options);

        Assert.Equal("ConfigMapList", dynamic.Kind);
        Assert.All(dynamic.Items, item => Assert.Equal(("v1", "ConfigMap"), (item.ApiVersion, item.Kind)));
        Assert.Equal(typed.Items!.Select(t => (t.Metadata!.Name, t.Metadata.ResourceVersion)), dynamic.Items.Select(d => (d.Name, d.ResourceVersion)));
        Assert.Equal(typed.Items!.Select(t => t.Data!["i"]), dynamic.Items.Select(d => d.NestedString("data", "i")));
        Assert.Equal(typed.Items!.Select(UnstructuredConverter.ToUnstructured), dynamic.Items);

        await ConfigMaps.DeleteCollectionAsync(listOptions: options);
        Assert.Empty((await _cluster.Typed.CoreV1().ConfigMaps(_cluster.Namespace).ListAsync(options)).Items!);
    }

    [Fact]
    public async Task A_strategic_merge_patch_works_on_a_built_in_kind()
    {
        string name = Unique("smp");
        await ConfigMaps.CreateAsync(ConfigMap(name, ("a", "1")));

        var patched = await ConfigMaps.PatchAsync(name, PatchType.StrategicMerge, "{\"data\":{\"b\":\"2\"}}");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, patched.NestedStringMap("data"));
        await ConfigMaps.DeleteAsync(name);
    }

    [Fact]
    public async Task Server_side_apply_of_a_built_in_kind_through_the_dynamic_client()
    {
        string name = Unique("apply");

        var applied = await ConfigMaps.ApplyAsync(ConfigMap(name, ("owned", "yes")), new ApplyOptions("kube-ps-dynamic-test"));
        var typed = await _cluster.Typed.CoreV1().ConfigMaps(_cluster.Namespace).GetAsync(name);

        Assert.Equal("yes", typed.Data!["owned"]);
        Assert.Contains(typed.Metadata!.ManagedFields!, m => m.Manager == "kube-ps-dynamic-test" && m.Operation == "Apply");
        Assert.Equal(applied.Uid, typed.Metadata.Uid);
        await ConfigMaps.DeleteAsync(name);
    }

    [Fact]
    public async Task A_typed_apply_conflicts_with_a_dynamic_apply_of_another_manager_until_forced()
    {
        string name = Unique("typed-apply");
        var typedClient = _cluster.Typed.CoreV1().ConfigMaps(_cluster.Namespace).Generic;
        ConfigMap Intent(string value) => new() { Metadata = new ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["shared"] = value } };

        await ConfigMaps.ApplyAsync(ConfigMap(name, ("shared", "dynamic")), new ApplyOptions("dynamic-manager"));
        var conflict = await Assert.ThrowsAsync<KubeApiException>(() => typedClient.ApplyAsync(Intent("typed"), new ApplyOptions("typed-manager")));
        var forced = await typedClient.ApplyAsync(Intent("typed"), new ApplyOptions("typed-manager", force: true));

        Assert.True(conflict.IsConflict);
        var cause = Assert.Single(conflict.Causes);
        Assert.Equal(".data.shared", cause.Field);
        Assert.Contains("\"dynamic-manager\"", cause.Message);
        Assert.Equal("typed", forced.Data!["shared"]);
        await ConfigMaps.DeleteAsync(name);
    }

    [Fact]
    public async Task A_cluster_scoped_kind_is_addressed_without_a_namespace()
    {
        var namespaces = _cluster.Dynamic.Resource(DynamicClusterFixture.Namespaces);

        var ns = await namespaces.GetAsync(_cluster.Namespace);

        Assert.Equal("Namespace", ns.Kind);
        Assert.Equal("Active", ns.NestedString("status", "phase"));
        Assert.Null(ns.Namespace);
    }

    [Fact]
    public async Task A_viewer_may_list_through_the_dynamic_client_but_not_create()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.ViewerContext);
        using var rest = RestClient.Create(config);
        var configMaps = new DynamicClient(rest).Resource(DynamicClusterFixture.ConfigMaps).Namespace(_cluster.Namespace);

        await configMaps.ListAsync();
        var e = await Assert.ThrowsAsync<KubeApiException>(() => configMaps.CreateAsync(ConfigMap(Unique("denied"))));

        Assert.True(e.IsForbidden);
        Assert.Equal(403, e.StatusCode);
    }

    [Fact]
    public async Task A_resource_the_server_does_not_have_is_a_404()
    {
        var missing = _cluster.Dynamic.Resource(new GroupVersionResource(_cluster.Group, "v1", "nosuchthings")).Namespace(_cluster.Namespace);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => missing.ListAsync());

        Assert.True(e.IsNotFound);
    }
}
