using System;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.BadInput;

/// <summary>What the server refuses comes back as a KubeApiException with the server's own reasons.</summary>
[Trait("Category", "Integration")]
public sealed class ApiErrorTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public ApiErrorTests(ClusterFixture cluster) => _cluster = cluster;

    [Fact]
    public async Task Wrong_token_is_401_and_the_token_appears_nowhere_in_the_error()
    {
        const string wrongToken = "itests-wrong-token-5f2a9c";
        var clientset = await _cluster.ClientsetForAsync(LocalCluster.AdminContext, c => c.BearerToken = wrongToken);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => clientset.CoreV1().ConfigMaps(_cluster.Namespace).ListAsync());

        Assert.True(error.IsUnauthorized, error.Message);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Unauthorized", error.Reason);
        Assert.Equal($"GET /api/v1/namespaces/{_cluster.Namespace}/configmaps", error.Request);
        Assert.DoesNotContain(wrongToken, error.Message);
        Assert.DoesNotContain(wrongToken, error.ToString());
        Assert.DoesNotContain(wrongToken, error.Request);
    }

    [Fact]
    public async Task Viewer_creating_a_config_map_is_403_with_the_servers_explanation()
    {
        var viewer = await _cluster.ClientsetForAsync(LocalCluster.ViewerContext);
        var configMaps = viewer.CoreV1().ConfigMaps(_cluster.Namespace);
        await configMaps.ListAsync(); // viewing is allowed

        var error = await Assert.ThrowsAsync<KubeApiException>(() => configMaps.CreateAsync(Objects.ConfigMap("from-viewer")));

        Assert.True(error.IsForbidden, error.Message);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal(
            $"configmaps is forbidden: User \"kube-ps-viewer\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"{_cluster.Namespace}\"",
            error.Message);
        Assert.Equal("configmaps", error.Status.Details!.Kind);
        var missing = await Assert.ThrowsAsync<KubeApiException>(() => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace).GetAsync("from-viewer"));
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task Invalid_name_is_422_with_the_field_that_is_wrong()
    {
        var configMaps = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => configMaps.CreateAsync(Objects.ConfigMap("Bad_Name")));

        Assert.True(error.IsInvalid, error.Message);
        Assert.Equal(422, error.StatusCode);
        Assert.StartsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", error.Message);
        var cause = Assert.Single(error.Causes);
        Assert.Equal("metadata.name", cause.Field);
        Assert.Equal("FieldValueInvalid", cause.Reason);
        Assert.Equal("ConfigMap", error.Status.Details!.Kind);
        Assert.Equal("Bad_Name", error.Status.Details.Name);
    }

    [Fact]
    public async Task Pod_without_containers_is_422_naming_each_missing_field_and_is_not_created()
    {
        await _cluster.WaitForDefaultServiceAccountAsync();
        var pods = _cluster.Clientset.CoreV1().Pods(_cluster.Namespace);
        var empty = new Pod { Metadata = new ObjectMeta { Name = "no-containers" }, Spec = new PodSpec() };

        var error = await Assert.ThrowsAsync<KubeApiException>(() => pods.CreateAsync(empty));

        Assert.True(error.IsInvalid, error.Message);
        var cause = Assert.Single(error.Causes, c => c.Field == "spec.containers");
        Assert.Equal("FieldValueRequired", cause.Reason);
        Assert.Contains("spec.containers: Required value", error.Message);
        var missing = await Assert.ThrowsAsync<KubeApiException>(() => pods.GetAsync("no-containers"));
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task Several_invalid_fields_come_back_as_several_causes()
    {
        var configMaps = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        var bad = Objects.ConfigMap("several-causes", Objects.Labels(("bad label!", "x")), new System.Collections.Generic.Dictionary<string, string> { ["bad key!"] = "v" });

        var error = await Assert.ThrowsAsync<KubeApiException>(() => configMaps.CreateAsync(bad));

        Assert.True(error.IsInvalid, error.Message);
        var fields = error.Causes.Select(c => c.Field).ToList();
        Assert.Contains("metadata.labels", fields);
        Assert.Contains("data[bad key!]", fields);
    }
}
