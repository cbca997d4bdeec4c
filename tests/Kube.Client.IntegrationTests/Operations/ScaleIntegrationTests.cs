using System;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Dynamic;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models;
using Kube.Client.Operations;
using Kube.Client.Schema;
using Xunit;
using Kubectl = Kube.Client.IntegrationTests.Discovery.Kubectl;

namespace Kube.Client.IntegrationTests.Operations;

/// <summary>kubectl scale's semantics on the real server: Deployments and a custom resource with a scale subresource.</summary>
[Trait("Category", "Integration")]
public sealed class ScaleIntegrationTests : IClassFixture<ClusterFixture>
{
    private static readonly GroupVersionResource Deployments = new("apps", "v1", "deployments");
    private readonly ClusterFixture _cluster;

    public ScaleIntegrationTests(ClusterFixture cluster) => _cluster = cluster;

    private Scaler NewScaler() => new(new DynamicClient(_cluster.Rest), new DiscoveryClient(_cluster.Rest));

    private async Task<string> KubectlAsync(params string[] args)
    {
        var result = await Kubectl.RunAsync(LocalCluster.KubeconfigPath, LocalCluster.AdminContext, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(" ", args)} failed: {result.Stderr}");
        return result.Stdout.Trim();
    }

    [Fact]
    public async Task A_deployment_is_scaled_through_its_scale_subresource_as_kubectl_sees_it()
    {
        string name = ClusterFixture.UniqueName("scale");
        await _cluster.Clientset.AppsV1().Deployments(_cluster.Namespace).CreateAsync(Workloads.Deployment(name, "busybox:scale", replicas: 1));

        var scale = await NewScaler().ScaleAsync(Deployments, _cluster.Namespace, name, 3);

        Assert.Equal(3, scale.Spec!.Replicas);
        Assert.Equal(name, scale.Metadata!.Name);
        Assert.Equal("3", await KubectlAsync("get", "deployment", name, "-n", _cluster.Namespace, "-o", "jsonpath={.spec.replicas}"));
    }

    [Fact]
    public async Task A_current_replicas_precondition_is_checked_against_the_server()
    {
        string name = ClusterFixture.UniqueName("precond");
        await _cluster.Clientset.AppsV1().Deployments(_cluster.Namespace).CreateAsync(Workloads.Deployment(name, "busybox:scale", replicas: 2));
        var scaler = NewScaler();

        var refused = await Assert.ThrowsAsync<ScalePreconditionException>(() => scaler.ScaleAsync(Deployments, _cluster.Namespace, name, 5, new ScalePrecondition { Replicas = 3 }));
        Assert.Equal("2", refused.Actual);
        Assert.Equal("2", await KubectlAsync("get", "deployment", name, "-n", _cluster.Namespace, "-o", "jsonpath={.spec.replicas}"));

        var scale = await scaler.ScaleAsync(Deployments, _cluster.Namespace, name, 0, new ScalePrecondition { Replicas = 2 });
        Assert.Equal(0, scale.Spec!.Replicas);
        Assert.Equal("0", await KubectlAsync("get", "deployment", name, "-n", _cluster.Namespace, "-o", "jsonpath={.spec.replicas}"));

        var dryRun = await scaler.ScaleAsync(Deployments, _cluster.Namespace, name, 7, dryRun: true);
        Assert.Equal(7, dryRun.Spec!.Replicas);
        Assert.Equal("0", await KubectlAsync("get", "deployment", name, "-n", _cluster.Namespace, "-o", "jsonpath={.spec.replicas}"));
    }

    [Fact]
    public async Task A_custom_resource_whose_crd_enables_the_scale_subresource_is_scaled_too()
    {
        string group = "scale" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".kubeps.test";
        var dynamic = new DynamicClient(_cluster.Rest);
        var crds = dynamic.Resource(new GroupVersionResource("apiextensions.k8s.io", "v1", "customresourcedefinitions"));
        await crds.CreateAsync(Unstructured.Parse(CrdJson(group)));
        try
        {
            var gizmos = new GroupVersionResource(group, "v1", "gizmos");
            await Eventually.UntilAsync($"the CRD gizmos.{group} to be served with its scale subresource", async ct =>
            {
                try
                {
                    return await Scaler.HasScaleSubresourceAsync(new DiscoveryClient(_cluster.Rest), gizmos, ct);
                }
                catch (Kube.Client.Rest.KubeApiException e) when (e.IsNotFound)
                {
                    return false;
                }
            });
            var gizmo = Unstructured.Parse($$$"""{"apiVersion":"{{{group}}}/v1","kind":"Gizmo","metadata":{"name":"g1"},"spec":{"replicas":1}}""");
            await dynamic.Resource(gizmos).Namespace(_cluster.Namespace).CreateAsync(gizmo);

            var scale = await NewScaler().ScaleAsync(gizmos, _cluster.Namespace, "g1", 4, new ScalePrecondition { Replicas = 1 });

            Assert.Equal(4, scale.Spec!.Replicas);
            Assert.Equal("4", await KubectlAsync("get", "gizmos." + group, "g1", "-n", _cluster.Namespace, "-o", "jsonpath={.spec.replicas}"));
        }
        finally
        {
            await DynamicIgnoreNotFound(crds.DeleteAsync("gizmos." + group));
        }
    }

    [Fact]
    public async Task A_kind_the_server_serves_without_a_scale_subresource_is_refused_by_name()
    {
        var error = await Assert.ThrowsAsync<NotScalableException>(() => NewScaler().ScaleAsync(new GroupVersionResource("", "v1", "configmaps"), _cluster.Namespace, "any", 1));
        Assert.Contains("configmaps has no scale subresource", error.Message);
    }

    private static async Task DynamicIgnoreNotFound(Task task)
    {
        try
        {
            await task;
        }
        catch (Kube.Client.Rest.KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    private static string CrdJson(string group) => """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"gizmos.GROUP"},
         "spec":{"group":"GROUP","scope":"Namespaced",
           "names":{"plural":"gizmos","singular":"gizmo","kind":"Gizmo","listKind":"GizmoList"},
           "versions":[{"name":"v1","served":true,"storage":true,
             "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"}},
             "schema":{"openAPIV3Schema":{"type":"object","properties":{
               "spec":{"type":"object","properties":{"replicas":{"type":"integer"}}},
               "status":{"type":"object","properties":{"replicas":{"type":"integer"}}}}}}}]}}
        """.Replace("GROUP", group);
}
