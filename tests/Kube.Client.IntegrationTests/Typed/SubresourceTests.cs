using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.AutoscalingV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Retry;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>The status and scale subresources, and DeleteCollection.</summary>
[Trait("Category", "Integration")]
public sealed class SubresourceTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public SubresourceTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.CoreV1.PodsClient Pods => _cluster.Clientset.CoreV1().Pods(_cluster.Namespace);

    [Fact]
    public async Task Update_status_sets_the_phase_that_a_plain_update_cannot()
    {
        await _cluster.WaitForDefaultServiceAccountAsync();
        var name = ClusterFixture.UniqueName("status");
        var created = await Pods.CreateAsync(Objects.Pod(name));
        Assert.Equal("Pending", created.Status!.Phase);

        // A PUT of the main resource ignores status changes (and its spec is what it keeps).
        created.Status.Phase = "Running";
        created.Metadata!.Labels = new Dictionary<string, string> { ["updated"] = "spec" };
        var afterUpdate = await Pods.UpdateAsync(created);
        Assert.Equal("Pending", afterUpdate.Status!.Phase);
        Assert.Equal("spec", afterUpdate.Metadata!.Labels!["updated"]);

        // The status subresource is the other way round: status changes, the spec does not.
        afterUpdate.Status.Phase = "Running";
        afterUpdate.Status.Conditions = new List<PodCondition> { new() { Type = "Ready", Status = "True" } };
        afterUpdate.Spec!.Containers![0].Image = "k8s.gcr.io/pause:3.1";
        var afterStatus = await Pods.UpdateStatusAsync(afterUpdate);
        Assert.Equal("Running", afterStatus.Status!.Phase);
        Assert.Equal(Objects.PauseImage, afterStatus.Spec!.Containers![0].Image);

        var fetched = await Pods.GetStatusAsync(name);
        Assert.Equal("Running", fetched.Status!.Phase);
        Assert.Contains(fetched.Status.Conditions!, c => c.Type == "Ready" && c.Status == "True");
    }

    [Fact]
    public async Task Delete_collection_removes_only_what_the_label_selector_matches()
    {
        var configMaps = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => configMaps.CreateAsync(Objects.ConfigMap($"batch-x-{i}", Objects.Labels(("batch", "x"))))));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(i => configMaps.CreateAsync(Objects.ConfigMap($"batch-y-{i}", Objects.Labels(("batch", "y"))))));

        await configMaps.DeleteCollectionAsync(listOptions: new ListOptions { LabelSelector = "batch=x" });

        Assert.Empty((await configMaps.ListAsync(new ListOptions { LabelSelector = "batch=x" })).Items!);
        Assert.Equal(new[] { "batch-y-0", "batch-y-1" },
            (await configMaps.ListAsync(new ListOptions { LabelSelector = "batch=y" })).Items!.Select(c => c.Metadata!.Name).OrderBy(n => n));
    }

    [Fact]
    public async Task Scale_subresource_reads_and_changes_a_deployments_replicas()
    {
        var deployments = _cluster.Clientset.AppsV1().Deployments(_cluster.Namespace);
        var name = ClusterFixture.UniqueName("scaled");
        await deployments.CreateAsync(Objects.Deployment(name, replicas: 1));

        var scale = await deployments.GetScaleAsync(name);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal(name, scale.Metadata!.Name);
        Assert.Equal(1, scale.Spec!.Replicas);

        // The deployment controller writes status meanwhile, which changes the resourceVersion
        // the scale carries: read and write again on a conflict.
        var updated = await ConflictRetry.RetryOnConflictAsync(async ct =>
        {
            var current = await deployments.GetScaleAsync(name, ct);
            current.Spec!.Replicas = 3;
            return await deployments.UpdateScaleAsync(name, current, cancellationToken: ct);
        });

        Assert.Equal(3, updated.Spec!.Replicas);
        Assert.Equal(3, (await deployments.GetAsync(name)).Spec!.Replicas);
        await Eventually.UntilAsync($"the scale status of {name} to show its selector", async ct =>
            (await deployments.GetScaleAsync(name, ct)).Status?.Selector == "app=" + name);
    }

    [Fact]
    public async Task Scale_update_with_a_stale_resource_version_is_a_conflict()
    {
        var deployments = _cluster.Clientset.AppsV1().Deployments(_cluster.Namespace);
        var name = ClusterFixture.UniqueName("scale-race");
        await deployments.CreateAsync(Objects.Deployment(name, replicas: 0));
        var stale = await deployments.GetScaleAsync(name);
        await deployments.PatchAsync(name, PatchType.Merge, """{"spec": {"replicas": 2}}""");

        stale.Spec!.Replicas = 5;
        var error = await Assert.ThrowsAsync<KubeApiException>(() => deployments.UpdateScaleAsync(name, stale));

        Assert.True(error.IsConflict, error.Message);
        Assert.Equal(2, (await deployments.GetAsync(name)).Spec!.Replicas);
    }

    [Fact]
    public async Task Scale_written_without_a_resource_version_applies_unconditionally()
    {
        var deployments = _cluster.Clientset.AppsV1().Deployments(_cluster.Namespace);
        var name = ClusterFixture.UniqueName("scale-blind");
        await deployments.CreateAsync(Objects.Deployment(name, replicas: 0));

        await deployments.UpdateScaleAsync(name, new Scale { Metadata = new ObjectMeta { Name = name, Namespace = _cluster.Namespace }, Spec = new ScaleSpec { Replicas = 2 } });

        Assert.Equal(2, (await deployments.GetAsync(name)).Spec!.Replicas);
    }
}
