using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.AppsV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>JSON patch, JSON merge patch and strategic merge patch as the server applies them.</summary>
[Trait("Category", "Integration")]
public sealed class PatchTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public PatchTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.CoreV1.ConfigMapsClient ConfigMaps => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

    private Kube.Client.Typed.AppsV1.DeploymentsClient Deployments => _cluster.Clientset.AppsV1().Deployments(_cluster.Namespace);

    private static Dictionary<string, string> Data(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static string[] ContainerNames(Deployment d) =>
        d.Spec!.Template!.Spec!.Containers!.Select(c => c.Name!).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Json_patch_applies_its_operations_in_order()
    {
        var name = ClusterFixture.UniqueName("jsonpatch");
        await ConfigMaps.CreateAsync(Objects.ConfigMap(name, data: Data(("a", "1"), ("gone", "x"))));

        var patched = await ConfigMaps.PatchAsync(name, PatchType.Json, """
            [
              {"op": "test", "path": "/data/a", "value": "1"},
              {"op": "replace", "path": "/data/a", "value": "2"},
              {"op": "add", "path": "/data/b", "value": "new"},
              {"op": "remove", "path": "/data/gone"},
              {"op": "add", "path": "/metadata/labels", "value": {"patched": "json"}}
            ]
            """);

        Assert.Equal(Data(("a", "2"), ("b", "new")), patched.Data);
        Assert.Equal("json", patched.Metadata!.Labels!["patched"]);
        Assert.Equal(patched.Metadata.ResourceVersion, (await ConfigMaps.GetAsync(name)).Metadata!.ResourceVersion);
    }

    [Fact]
    public async Task Json_patch_whose_test_fails_is_invalid_and_changes_nothing()
    {
        var name = ClusterFixture.UniqueName("jsontest");
        var created = await ConfigMaps.CreateAsync(Objects.ConfigMap(name, data: Data(("a", "1"))));

        var error = await Assert.ThrowsAsync<KubeApiException>(() => ConfigMaps.PatchAsync(name, PatchType.Json,
            """[{"op": "replace", "path": "/data/a", "value": "changed"}, {"op": "test", "path": "/data/a", "value": "1"}]"""));

        Assert.True(error.IsInvalid, error.Message);
        Assert.Equal(422, error.StatusCode);
        var after = await ConfigMaps.GetAsync(name);
        Assert.Equal("1", after.Data!["a"]);
        Assert.Equal(created.Metadata!.ResourceVersion, after.Metadata!.ResourceVersion);
    }

    [Fact]
    public async Task Merge_patch_sets_keys_and_removes_those_set_to_null()
    {
        var name = ClusterFixture.UniqueName("merge");
        await ConfigMaps.CreateAsync(Objects.ConfigMap(name, data: Data(("keep", "k"), ("drop", "d"), ("change", "old"))));

        var patched = await ConfigMaps.PatchAsync(name, PatchType.Merge,
            """{"metadata": {"labels": {"merged": "yes"}}, "data": {"drop": null, "change": "new", "added": "a"}}""");

        Assert.Equal(Data(("keep", "k"), ("change", "new"), ("added", "a")), patched.Data);
        Assert.Equal("yes", patched.Metadata!.Labels!["merged"]);
    }

    [Fact]
    public async Task Patch_of_a_missing_object_is_not_found()
    {
        var error = await Assert.ThrowsAsync<KubeApiException>(() => ConfigMaps.PatchAsync("no-such-map", PatchType.Merge, """{"data": {"a": "b"}}"""));

        Assert.True(error.IsNotFound, error.Message);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name_where_merge_patch_replaces_the_list()
    {
        var name = ClusterFixture.UniqueName("smp");
        await Deployments.CreateAsync(Objects.Deployment(name, replicas: 0, "main"));

        var added = await Deployments.PatchAsync(name, PatchType.StrategicMerge,
            """{"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "image": "k8s.gcr.io/pause:3.2"}]}}}}""");
        Assert.Equal(new[] { "main", "sidecar" }, ContainerNames(added));

        var changed = await Deployments.PatchAsync(name, PatchType.StrategicMerge,
            """{"spec": {"template": {"spec": {"containers": [{"name": "main", "image": "k8s.gcr.io/pause:3.1", "env": [{"name": "A", "value": "1"}]}]}}}}""");
        var containers = changed.Spec!.Template!.Spec!.Containers!;
        var main = Assert.Single(containers, c => c.Name == "main");
        Assert.Equal("k8s.gcr.io/pause:3.1", main.Image);
        Assert.Equal("1", Assert.Single(main.Env!).Value);
        Assert.Equal(Objects.PauseImage, Assert.Single(containers, c => c.Name == "sidecar").Image);

        var deleted = await Deployments.PatchAsync(name, PatchType.StrategicMerge,
            """{"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "$patch": "delete"}]}}}}""");
        Assert.Equal(new[] { "main" }, ContainerNames(deleted));

        var replaced = await Deployments.PatchAsync(name, PatchType.Merge,
            """{"spec": {"template": {"spec": {"containers": [{"name": "only", "image": "k8s.gcr.io/pause:3.2"}]}}}}""");
        Assert.Equal(new[] { "only" }, ContainerNames(replaced));
    }

    [Fact]
    public async Task Strategic_merge_patch_on_a_pod_changes_one_containers_image()
    {
        await _cluster.WaitForDefaultServiceAccountAsync();
        var pods = _cluster.Clientset.CoreV1().Pods(_cluster.Namespace);
        var name = ClusterFixture.UniqueName("smp-pod");
        await pods.CreateAsync(Objects.Pod(name, null, "first", "second"));

        var patched = await pods.PatchAsync(name, PatchType.StrategicMerge,
            """{"spec": {"containers": [{"name": "second", "image": "k8s.gcr.io/pause:3.1"}]}}""");

        var containers = patched.Spec!.Containers!;
        Assert.Equal(new[] { "first", "second" }, containers.Select(c => c.Name));
        Assert.Equal(Objects.PauseImage, containers[0].Image);
        Assert.Equal("k8s.gcr.io/pause:3.1", containers[1].Image);
    }
}
