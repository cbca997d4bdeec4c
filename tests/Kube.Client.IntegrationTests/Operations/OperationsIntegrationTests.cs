using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Discovery;
using Kube.Client.Dynamic;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Wait;
using Xunit;

namespace Kube.Client.IntegrationTests.Operations;

/// <summary>The kubectl-style operations of Kube.Client.Operations against the real API server.</summary>
[Trait("Category", "Integration")]
public sealed class OperationsIntegrationTests : IClassFixture<ClusterFixture>
{
    private static readonly GroupVersionResource ConfigMapsResource = new("", "v1", "configmaps");
    private readonly ClusterFixture _cluster;

    public OperationsIntegrationTests(ClusterFixture cluster) => _cluster = cluster;

    private DynamicResourceClient ConfigMaps => new DynamicClient(_cluster.Rest).Resource(ConfigMapsResource).Namespace(_cluster.Namespace);

    private static async Task<List<GetResult<T>>> All<T>(IAsyncEnumerable<GetResult<T>> results)
        where T : class
    {
        var all = new List<GetResult<T>>();
        await foreach (var r in results) all.Add(r);
        return all;
    }

    [Fact]
    public async Task Get_reads_exact_names_filters_patterns_and_finds_a_name_in_every_namespace()
    {
        string prefix = ClusterFixture.UniqueName("get");
        var typed = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        foreach (var suffix in new[] { "web-1", "web-2", "db-1" })
            await typed.CreateAsync(Objects.ConfigMap($"{prefix}-{suffix}", labels: Objects.Labels(("tier", suffix.StartsWith("web") ? "front" : "back"))));

        var exact = await All(ResourceGetter.GetAsync(typed.Generic, new GetQuery { Names = new[] { $"{prefix}-db-1", $"{prefix}-none" } }));
        Assert.Equal($"{prefix}-db-1", exact[0].Object!.Metadata!.Name);
        Assert.True(((KubeApiException)exact[1].Error!).IsNotFound);

        var pattern = await All(ResourceGetter.GetAsync(ConfigMaps, new GetQuery { NamePattern = n => n.StartsWith(prefix + "-web-"), PageSize = 1 }));
        Assert.Equal(new[] { $"{prefix}-web-1", $"{prefix}-web-2" }, pattern.Select(r => r.Object!.Name).OrderBy(n => n));

        var everywhere = await All(ResourceGetter.GetAsync(_cluster.Clientset.CoreV1().ConfigMaps("").Generic,
            new GetQuery { Names = new[] { $"{prefix}-web-1", $"{prefix}-gone" }, AllNamespaces = true, LabelSelector = "tier=front" }));
        Assert.Equal(_cluster.Namespace, everywhere[0].Object!.Metadata!.Namespace);
        Assert.Equal($"configmaps \"{prefix}-gone\" not found in any namespace", everywhere[1].Error!.Message);
    }

    [Fact]
    public async Task Replace_without_a_resource_version_wins_over_a_writer_in_between_and_with_a_stale_one_loses()
    {
        string name = ClusterFixture.UniqueName("replace");
        var typed = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        await typed.CreateAsync(Objects.ConfigMap(name, data: new Dictionary<string, string> { ["v"] = "0" }));
        var stale = await ConfigMaps.GetAsync(name);
        var current = await typed.GetAsync(name);
        current.Data!["v"] = "1";
        await typed.UpdateAsync(current);

        var mine = new Unstructured("v1", "ConfigMap") { Name = name, Namespace = _cluster.Namespace };
        mine.SetNestedField("2", "data", "v");
        var stored = await ResourceReplacer.ReplaceAsync(ConfigMaps, mine);
        Assert.Equal("2", stored.Content["data"]!["v"]!.ToString());

        stale.SetNestedField("3", "data", "v");
        var conflict = await Assert.ThrowsAsync<KubeApiException>(() => ResourceReplacer.ReplaceAsync(ConfigMaps, stale));
        Assert.True(conflict.IsConflict);
    }

    [Fact]
    public async Task Patch_defaults_to_strategic_merge_for_a_built_in_kind_which_merges_a_list_by_key()
    {
        string name = ClusterFixture.UniqueName("patch");
        var pod = Objects.Pod(name, null, "a");
        await _cluster.Clientset.CoreV1().Pods(_cluster.Namespace).CreateAsync(pod);
        var pods = new DynamicClient(_cluster.Rest).Resource(new GroupVersionResource("", "v1", "pods")).Namespace(_cluster.Namespace);

        // A strategic merge patch merges containers by name; a merge patch would replace the list.
        var patch = JsonNode.Parse("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"example.com/other:2\"}]}}")!;
        var patched = await ResourcePatcher.PatchAsync(pods, new GroupVersionKind("", "v1", "Pod"), name, patch);

        var containers = patched.Content["spec"]!["containers"]!.AsArray();
        Assert.Single(containers);
        Assert.Equal("example.com/other:2", containers[0]!["image"]!.ToString());
        Assert.Equal(PatchType.StrategicMerge, ResourcePatcher.DefaultTypeFor(new GroupVersionKind("", "v1", "Pod")));
    }

    [Fact]
    public async Task Delete_then_wait_returns_when_a_finalizer_lets_go_and_a_timeout_says_what_holds_it()
    {
        string name = ClusterFixture.UniqueName("delete");
        var held = Objects.ConfigMap(name);
        held.Metadata!.Finalizers = new List<string> { "example.com/hold" };
        var typed = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        await typed.CreateAsync(held);

        var deleted = await ResourceDeleter.DeleteAsync(ConfigMaps, name, null, readUid: true);
        Assert.NotNull(deleted.Uid);
        var timeout = await Assert.ThrowsAsync<WaitTimeoutException>(() => ResourceDeleter.WaitGoneAsync(deleted, TimeSpan.FromSeconds(2), null));
        Assert.Equal("still present (terminating, finalizers example.com/hold)", timeout.LastSeen);

        var seen = new List<string>();
        await using var factory = new SharedInformerFactory(_cluster.Rest);
        var informer = factory.ForResource(ConfigMapsResource, true, new InformerScope(_cluster.Namespace, null, "metadata.name=" + name));
        using var run = new CancellationTokenSource();
        factory.Start(run.Token);
        var waiting = ResourceDeleter.WaitGoneAsync(informer, deleted, $"ConfigMap {deleted.Key}", TimeSpan.FromSeconds(60), s => { lock (seen) seen.Add(s); });
        await Eventually.UntilAsync("the waiter sees the object", _ => { lock (seen) return Task.FromResult(seen.Count > 0); });
        await ConfigMaps.PatchAsync(name, PatchType.Merge, "{\"metadata\":{\"finalizers\":null}}");
        await waiting.WaitAsync(TimeSpan.FromSeconds(60));

        lock (seen) Assert.Equal("deleted", seen.Last());
        Assert.False(informer.IsStopped);
    }

    [Fact]
    public async Task The_resource_filter_selects_what_kubectl_api_resources_selects()
    {
        var discovery = new DiscoveryClient(_cluster.Rest);
        var served = await discovery.ServerPreferredResourcesAsync();

        var apps = new ApiResourceFilter { ApiGroup = "apps", Verbs = new[] { "watch" } }.Apply(served.Resources).Select(r => r.Name).ToList();
        var clusterScoped = new ApiResourceFilter { Namespaced = false, Name = n => n == "ns" }.Apply(served.Resources).Select(r => r.FullName).ToList();

        Assert.Equal(new[] { "controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets" }, apps);
        Assert.Equal(new[] { "namespaces" }, clusterScoped);
    }
}
