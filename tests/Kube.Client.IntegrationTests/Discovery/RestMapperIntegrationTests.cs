using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Discovery;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.Mapping;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Xunit;

namespace Kube.Client.IntegrationTests.Discovery;

/// <summary>The RESTMapper against the local control plane: kubectl's choices, CRDs, misses.</summary>
[Trait("Category", "Integration")]
public sealed class RestMapperIntegrationTests : IDisposable
{
    private static readonly Regex ListUrl = new(@"GET https://[^/]+/(?:api/(?<v>v1)|apis/(?<g>[^/]+)/(?<v>[^/]+))/(?<r>[a-z0-9]+)\?", RegexOptions.CultureInvariant);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kube-ps-it-map-" + Guid.NewGuid().ToString("N").Substring(0, 10));

    public RestMapperIntegrationTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<RestConfig> AdminAsync() => LocalCluster.ConfigAsync(LocalCluster.AdminContext);

    [Theory]
    [InlineData("po")]
    [InlineData("deploy")]
    [InlineData("deployment.v1.apps")]
    [InlineData("Deployment")]
    [InlineData("cm")]
    [InlineData("svc")]
    [InlineData("crd")]
    [InlineData("ns")]
    [InlineData("no")]
    [InlineData("sa")]
    [InlineData("ds")]
    [InlineData("sts")]
    [InlineData("rs")]
    [InlineData("ing")]
    [InlineData("pvc")]
    [InlineData("pv")]
    [InlineData("ep")]
    [InlineData("ev")]
    [InlineData("events.events.k8s.io")]
    [InlineData("hpa")]
    [InlineData("cj")]
    [InlineData("pdb")]
    [InlineData("netpol")]
    [InlineData("sc")]
    [InlineData("csr")]
    [InlineData("quota")]
    [InlineData("limits")]
    [InlineData("ingresses.extensions")]
    public async Task A_name_maps_to_the_resource_kubectl_get_lists(string name)
    {
        using var rest = RestClient.Create(await AdminAsync());
        var mapper = new RestMapper(new DiscoveryClient(rest));

        var ours = (await mapper.MappingForAsync(name)).Resource;
        var kubectl = await Kubectl.RunAsync(LocalCluster.KubeconfigPath, LocalCluster.AdminContext,
            "--cache-dir", Path.Combine(_dir, "kubectl"), "get", name, "--all-namespaces", "-o", "name", "-v=6");

        var match = ListUrl.Match(kubectl.Stderr);
        Assert.True(match.Success, $"kubectl get {name} logged no list request:\n{kubectl.Stderr}");
        var theirs = new GroupVersionResource(match.Groups["g"].Success ? match.Groups["g"].Value : "", match.Groups["v"].Value, match.Groups["r"].Value);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public async Task A_crd_created_after_the_cache_was_filled_is_found_after_one_refresh()
    {
        var config = await AdminAsync();
        using var admin = RestClient.Create(config);
        using var rest = CountingHandler.Client(config, out var counter);
        string root = Path.Combine(_dir, "discovery");
        var mapper = new RestMapper(CachedDiscoveryClient.ForServer(rest, cacheRoot: root));
        Assert.Equal("deployments", (await mapper.MappingForAsync("deploy")).Resource.Resource);

        string suffix = new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6).ToArray()).PadRight(6, 'x');
        string group = $"disc-{suffix}.kube-ps.test";
        string plural = "gizmo" + suffix + "s";
        string kind = "Gizmo" + char.ToUpperInvariant(suffix[0]) + suffix.Substring(1);
        string crdName = plural + "." + group;
        await ClusterJson.CreateAsync(admin, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"CRDNAME"},
             "spec":{"group":"GROUP","scope":"Cluster",
               "names":{"plural":"PLURAL","singular":"gizmoSUFFIX","kind":"KIND","shortNames":["gzSUFFIX"],"categories":["kubepsSUFFIX"]},
               "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """.Replace("CRDNAME", crdName).Replace("GROUP", group).Replace("PLURAL", plural).Replace("KIND", kind).Replace("SUFFIX", suffix));
        try
        {
            await ClusterJson.WaitForCrdAsync(admin, crdName, group, "v1", plural);
            counter.Reset();

            var byShortName = await mapper.MappingForAsync("gz" + suffix);

            Assert.Equal(new GroupVersionResource(group, "v1", plural), byShortName.Resource);
            Assert.Equal(new GroupVersionKind(group, "v1", kind), byShortName.GroupVersionKind);
            Assert.Equal(ResourceScope.Cluster, byShortName.Scope);
            Assert.Equal(1, counter.Count("/apis"));
            Assert.Equal(plural, (await mapper.MappingForAsync(kind)).Resource.Resource);
            Assert.Equal(plural, (await mapper.MappingForAsync($"{kind}.v1.{group}")).Resource.Resource);
            Assert.Equal(plural, Assert.Single(await mapper.ExpandCategoryAsync("kubeps" + suffix)).Resource.Resource);
            Assert.Equal(1, counter.Count("/apis"));

            // The refresh rewrote the disk cache: a new mapper over it finds the CRD without asking.
            counter.Reset();
            var fromDisk = new RestMapper(CachedDiscoveryClient.ForServer(rest, cacheRoot: root));
            Assert.Equal(plural, (await fromDisk.MappingForAsync(plural + "." + group)).Resource.Resource);
            Assert.Equal(0, counter.Count("/apis"));
        }
        finally
        {
            await ClusterJson.DeleteAsync(admin, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crdName);
        }
    }

    [Fact]
    public async Task An_unknown_name_fails_after_one_refresh_and_suggests_close_names()
    {
        var config = await AdminAsync();
        using var rest = CountingHandler.Client(config, out var counter);
        var mapper = new RestMapper(new DiscoveryClient(rest));
        await mapper.MappingForAsync("pods");

        var e = await Assert.ThrowsAsync<NoMatchException>(() => mapper.MappingForAsync("deploymnets"));

        Assert.Equal("deployments", e.Suggestions[0]);
        Assert.StartsWith("the server doesn't have a resource type \"deploymnets\"; did you mean \"deployments\"", e.Message);
        Assert.Equal(2, counter.Count("/apis"));
    }

    [Fact]
    public async Task A_kind_with_a_version_the_server_does_not_serve_is_a_miss()
    {
        using var rest = RestClient.Create(await AdminAsync());
        var mapper = new RestMapper(new DiscoveryClient(rest));

        var e = await Assert.ThrowsAsync<NoMatchException>(() => mapper.MappingForAsync(new GroupVersionKind("batch", "v1", "CronJob")));

        Assert.StartsWith("no matches for kind \"CronJob\" in version \"batch/v1\"", e.Message);
        Assert.Equal("batch/v1beta1", (await mapper.MappingForAsync(new GroupKind("batch", "CronJob"))).GroupVersionKind.ApiVersion);
    }
}
