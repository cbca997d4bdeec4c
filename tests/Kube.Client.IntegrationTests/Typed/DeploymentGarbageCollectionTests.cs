using System.Linq;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.MetaV1;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>
/// Delete propagation on a Deployment, whose ReplicaSet and Pods the real controller manager
/// creates (the Pods stay Pending and off the node: their template names <see cref="Objects.NoScheduler"/>).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeploymentGarbageCollectionTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public DeploymentGarbageCollectionTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.AppsV1.DeploymentsClient Deployments => _cluster.Clientset.AppsV1().Deployments(_cluster.Namespace);

    private Kube.Client.Typed.AppsV1.ReplicaSetsClient ReplicaSets => _cluster.Clientset.AppsV1().ReplicaSets(_cluster.Namespace);

    private Kube.Client.Typed.CoreV1.PodsClient Pods => _cluster.Clientset.CoreV1().Pods(_cluster.Namespace);

    /// <summary>Creates a one-replica Deployment and waits until the controllers made its ReplicaSet and Pod.</summary>
    private async Task<(Deployment Deployment, ReplicaSet ReplicaSet)> CreateDeploymentAsync(string name)
    {
        await _cluster.WaitForDefaultServiceAccountAsync();
        var deployment = await Deployments.CreateAsync(Objects.Deployment(name, replicas: 1));
        ReplicaSet? replicaSet = null;
        await Eventually.UntilAsync($"the ReplicaSet and Pod of Deployment {name}", async ct =>
        {
            var sets = await ReplicaSets.ListAsync(new ListOptions { LabelSelector = "app=" + name }, ct);
            var pods = await Pods.ListAsync(new ListOptions { LabelSelector = "app=" + name }, ct);
            replicaSet = sets.Items!.FirstOrDefault();
            return replicaSet is not null && pods.Items!.Count == 1;
        });
        var owner = Assert.Single(replicaSet!.Metadata!.OwnerReferences!);
        Assert.Equal(deployment.Metadata!.Uid, owner.Uid);
        Assert.True(owner.Controller);
        return (deployment, replicaSet);
    }

    private async Task<(int ReplicaSets, int Pods)> CountAsync(string name) =>
        ((await ReplicaSets.ListAsync(new ListOptions { LabelSelector = "app=" + name })).Items!.Count,
         (await Pods.ListAsync(new ListOptions { LabelSelector = "app=" + name })).Items!.Count);

    [Fact]
    public async Task Foreground_deletion_of_a_deployment_is_complete_only_when_its_replica_set_and_pods_are_gone()
    {
        var (deployment, _) = await CreateDeploymentAsync("fg-deploy");

        await Deployments.DeleteAsync("fg-deploy", new DeleteOptions { PropagationPolicy = "Foreground" });
        await Eventually.GoneAsync("Deployment fg-deploy", ct => Deployments.GetAsync("fg-deploy", cancellationToken: ct));

        Assert.Equal((0, 0), await CountAsync("fg-deploy"));
    }

    [Fact]
    public async Task Background_deletion_of_a_deployment_lets_the_collector_remove_its_replica_set_and_pods()
    {
        await CreateDeploymentAsync("bg-deploy");

        await Deployments.DeleteAsync("bg-deploy", new DeleteOptions { PropagationPolicy = "Background" });

        await Eventually.UntilAsync("the ReplicaSet and Pods of bg-deploy to be collected", async _ => await CountAsync("bg-deploy") == (0, 0));
    }

    [Fact]
    public async Task Orphan_deletion_of_a_deployment_keeps_its_replica_set_without_an_owner()
    {
        var (_, replicaSet) = await CreateDeploymentAsync("orphan-deploy");

        await Deployments.DeleteAsync("orphan-deploy", new DeleteOptions { PropagationPolicy = "Orphan" });
        await Eventually.GoneAsync("Deployment orphan-deploy", ct => Deployments.GetAsync("orphan-deploy", cancellationToken: ct));

        var survivor = await ReplicaSets.GetAsync(replicaSet.Metadata!.Name!);
        Assert.Equal(replicaSet.Metadata.Uid, survivor.Metadata!.Uid);
        Assert.Null(survivor.Metadata.DeletionTimestamp);
        Assert.True(survivor.Metadata.OwnerReferences is null || survivor.Metadata.OwnerReferences.Count == 0);
        Assert.Equal((1, 1), await CountAsync("orphan-deploy"));
    }
}
