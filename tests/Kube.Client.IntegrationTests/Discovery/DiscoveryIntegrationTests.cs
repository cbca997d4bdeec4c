using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Discovery;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.Rest;
using Kube.Client.Tests.Discovery;
using Xunit;

namespace Kube.Client.IntegrationTests.Discovery;

/// <summary>Discovery against the local control plane, cross-checked with kubectl.</summary>
[Trait("Category", "Integration")]
public sealed class DiscoveryIntegrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kube-ps-it-disc-" + Guid.NewGuid().ToString("N").Substring(0, 10));

    public DiscoveryIntegrationTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<RestConfig> AdminAsync() => LocalCluster.ConfigAsync(LocalCluster.AdminContext);

    private static Task<Kubectl.Result> KubectlAsync(params string[] args) =>
        Kubectl.RunAsync(LocalCluster.KubeconfigPath, LocalCluster.AdminContext, args);

    [Fact]
    public async Task The_server_version_is_1_20_2()
    {
        using var rest = RestClient.Create(await AdminAsync());

        var info = await new DiscoveryClient(rest).ServerVersionAsync();

        Assert.Equal("v1.20.2", info.GitVersion);
        Assert.Equal("linux/amd64", info.Platform);
    }

    [Fact]
    public async Task Group_versions_match_kubectl_api_versions()
    {
        using var rest = RestClient.Create(await AdminAsync());

        var before = await ApiVersionsAsync();
        var ours = (await new DiscoveryClient(rest).ServerGroupsAsync()).Groups!
            .SelectMany(g => g.Versions!.Select(v => v.GroupVersion!)).ToHashSet();
        var after = await ApiVersionsAsync();

        AssertBetween(before, ours, after, "api-versions");
        Assert.Contains("apps/v1", ours);
        Assert.Contains("v1", ours);
    }

    [Fact]
    public async Task Preferred_resources_match_kubectl_api_resources()
    {
        using var rest = RestClient.Create(await AdminAsync());

        var before = await ApiResourcesAsync();
        var result = await new DiscoveryClient(rest).ServerPreferredResourcesAsync();
        var after = await ApiResourcesAsync();

        var ours = result.Resources.Where(r => r.Verbs.Count > 0).Select(Row).ToHashSet();
        AssertBetween(before, ours, after, "api-resources");
        Assert.Contains(ours, r => r.StartsWith("deployments | deploy | apps/v1 | true | Deployment | ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_openapi_v2_document_describes_pods()
    {
        using var rest = RestClient.Create(await AdminAsync());

        using var doc = await new DiscoveryClient(rest).OpenApiV2Async();

        Assert.Equal("2.0", doc.RootElement.GetProperty("swagger").GetString());
        Assert.True(doc.RootElement.GetProperty("definitions").TryGetProperty("io.k8s.api.core.v1.Pod", out var pod));
        Assert.Equal(JsonValueKind.Object, pod.GetProperty("properties").ValueKind);
    }

    [Fact]
    public async Task A_cold_disk_cache_asks_once_per_group_version_and_a_warm_one_not_at_all()
    {
        var config = await AdminAsync();
        using var rest = CountingHandler.Client(config, out var counter);
        string root = Path.Combine(_dir, "discovery");
        string folder = DiscoveryCacheDirectory.ForServer(config.Host, root);
        Assert.EndsWith("127.0.0.1_16443", folder);

        var cold = await CachedDiscoveryClient.ForServer(rest, cacheRoot: root).ServerGroupsAndResourcesAsync();
        var answered = cold.GroupVersions.Where(gv => !cold.FailedGroupVersions.ContainsKey(gv)).ToList();
        Assert.Equal(1, counter.Count("/api"));
        Assert.Equal(1, counter.Count("/apis"));
        Assert.All(answered, gv => Assert.Equal(1, counter.Count(gv.Path)));
        Assert.True(File.Exists(Path.Combine(folder, "servergroups.json")));
        Assert.True(File.Exists(Path.Combine(folder, "apps", "v1", "serverresources.json")));
        counter.Reset();

        var warmClient = CachedDiscoveryClient.ForServer(rest, cacheRoot: root);
        var warm = await warmClient.ServerGroupsAndResourcesAsync();

        // Only group versions that failed (another engineer's broken APIService, say) are asked again.
        Assert.Equal(0, counter.Count("/api") + counter.Count("/apis"));
        Assert.All(answered, gv => Assert.Equal(0, counter.Count(gv.Path)));
        Assert.False(warmClient.Fresh);
        Assert.Equal(cold.Resources.Select(r => r.ToString()), warm.Resources.Select(r => r.ToString()));
    }

    [Fact]
    public async Task Kubectl_reads_the_cache_this_library_writes()
    {
        var config = await AdminAsync();
        using var rest = RestClient.Create(config);
        string cacheDir = Path.Combine(_dir, "kube-cache");
        var ours = await CachedDiscoveryClient.ForServer(rest, cacheRoot: Path.Combine(cacheDir, "discovery")).ServerPreferredResourcesAsync();

        var kubectl = await KubectlAsync("--cache-dir", cacheDir, "api-resources", "--cached", "-o", "wide", "-v=6");

        var requests = kubectl.Stderr.Split('\n').Where(l => l.Contains("GET https://")).ToList();
        Assert.All(requests, l => Assert.Contains(ours.FailedGroupVersions.Keys, gv => l.Contains(gv.Path + "?")));
        var rows = KubectlTable.Parse(kubectl.Stdout).Select(KubectlRow).ToHashSet();
        Assert.Equal(rows.OrderBy(r => r), ours.Resources.Where(r => r.Verbs.Count > 0).Select(Row).ToHashSet().OrderBy(r => r));
    }

    [Fact]
    public async Task This_library_reads_the_cache_kubectl_writes()
    {
        var config = await AdminAsync();
        string cacheDir = Path.Combine(_dir, "kube-cache");
        var kubectl = await KubectlAsync("--cache-dir", cacheDir, "api-resources");
        Assert.True(kubectl.ExitCode == 0 || kubectl.Stderr.Contains("unable to retrieve the complete list"), kubectl.Stderr);
        using var rest = CountingHandler.Client(config, out var counter);
        var client = CachedDiscoveryClient.ForServer(rest, cacheRoot: Path.Combine(cacheDir, "discovery"));

        var result = await client.ServerGroupsAndResourcesAsync();

        Assert.Equal(0, counter.Count("/apis"));
        Assert.Equal(0, counter.Count("/apis/apps/v1"));
        Assert.Contains(result.Resources, r => r.Name == "deployments" && r.Group == "apps");
        Assert.False(client.Fresh);
    }

    private static async Task<HashSet<string>> ApiVersionsAsync()
    {
        var result = await KubectlAsync("api-versions");
        Assert.True(result.ExitCode == 0 || result.Stderr.Contains("unable to retrieve the complete list"), result.Stderr);
        return result.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet();
    }

    private async Task<HashSet<string>> ApiResourcesAsync()
    {
        var result = await KubectlAsync("--cache-dir", Path.Combine(_dir, "kubectl-" + Guid.NewGuid().ToString("N")), "api-resources", "-o", "wide");
        Assert.True(result.ExitCode == 0 || result.Stderr.Contains("unable to retrieve the complete list"), result.Stderr);
        return KubectlTable.Parse(result.Stdout).Select(KubectlRow).ToHashSet();
    }

    private static string KubectlRow(Dictionary<string, string> r) =>
        string.Join(" | ", r["NAME"], r["SHORTNAMES"], r["APIVERSION"], r["NAMESPACED"], r["KIND"], r["VERBS"], r["CATEGORIES"]);

    // kubectl prints verbs in the order the server lists them (a CRD's are not sorted), so ours keep it too.
    private static string Row(APIResourceInfo r) =>
        string.Join(" | ", r.Name, string.Join(",", r.ShortNames), r.ApiVersion, r.Namespaced ? "true" : "false", r.Kind,
            string.Join(",", r.Verbs), string.Join(",", r.Categories));

    /// <summary>
    /// Other engineers add and remove CRDs on the shared server while this runs, so ours must lie
    /// between two kubectl runs around it: everything both saw, nothing neither saw.
    /// </summary>
    private static void AssertBetween(HashSet<string> before, HashSet<string> ours, HashSet<string> after, string what)
    {
        var missing = before.Intersect(after).Except(ours).OrderBy(s => s).ToList();
        var extra = ours.Except(before.Union(after)).OrderBy(s => s).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"kubectl {what} differs.\nmissing:\n  {string.Join("\n  ", missing)}\nextra:\n  {string.Join("\n  ", extra)}");
    }
}
