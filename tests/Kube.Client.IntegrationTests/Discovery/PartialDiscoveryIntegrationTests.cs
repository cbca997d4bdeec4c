using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Mapping;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Discovery;
using Xunit;

namespace Kube.Client.IntegrationTests.Discovery;

/// <summary>
/// An aggregated API whose backing service does not exist, on an isolated second API server:
/// its group is listed but answers 503, the way a cluster with metrics-server down behaves.
/// </summary>
public sealed class BrokenApiServiceServer : IAsyncLifetime
{
    public const string Group = "broken.kube-ps.test";
    public static readonly GroupVersion GroupVersion = new(Group, "v1");

    public IsolatedApiServer Server { get; } = new();

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        try
        {
            await RegisterBrokenApiServiceAsync();
        }
        catch
        {
            await Server.DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    private async Task RegisterBrokenApiServiceAsync()
    {
        using var rest = RestClient.Create(await Server.ConfigAsync());
        await ClusterJson.CreateAsync(rest, "/apis/apiregistration.k8s.io/v1/apiservices", """
            {"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1.GROUP"},
             "spec":{"group":"GROUP","version":"v1","groupPriorityMinimum":1000,"versionPriority":15,"insecureSkipTLSVerify":true,
                     "service":{"namespace":"default","name":"kube-ps-no-such-service"}}}
            """.Replace("GROUP", Group));
        await ClusterJson.WaitUntilAsync($"/apis lists {Group}", async () =>
        {
            using var apis = await ClusterJson.TryGetAsync(rest, "/apis");
            return apis is not null && apis.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).Contains(Group);
        });
        // The aggregator lists the group before it routes its path (404 until then); wait for the steady 503.
        await ClusterJson.WaitUntilAsync($"{GroupVersion.Path} answers 503", async () =>
        {
            try
            {
                await rest.Get().AbsPath(GroupVersion.Path).WithRetryPolicy(RetryPolicy.None).DoRawAsync();
                return false;
            }
            catch (KubeApiException e)
            {
                return e.IsServiceUnavailable;
            }
        });
    }
}

[Trait("Category", "Integration")]
public sealed class PartialDiscoveryIntegrationTests : IClassFixture<BrokenApiServiceServer>, IDisposable
{
    private readonly BrokenApiServiceServer _fixture;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kube-ps-it-part-" + Guid.NewGuid().ToString("N").Substring(0, 10));

    public PartialDiscoveryIntegrationTests(BrokenApiServiceServer fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_group_whose_service_is_missing_is_reported_while_the_rest_is_returned()
    {
        using var rest = RestClient.Create(await _fixture.Server.ConfigAsync());

        var result = await new DiscoveryClient(rest).ServerGroupsAndResourcesAsync();

        Assert.False(result.IsComplete);
        var failure = Assert.Single(result.FailedGroupVersions);
        Assert.Equal(BrokenApiServiceServer.GroupVersion, failure.Key);
        Assert.True(Assert.IsType<KubeApiException>(failure.Value).IsServiceUnavailable, failure.Value.Message);
        Assert.Contains(result.Groups, g => g.Name == BrokenApiServiceServer.Group);
        Assert.Contains(result.Resources, r => r.Name == "deployments" && r.Group == "apps");
        var error = Assert.Throws<GroupDiscoveryFailedException>(() => result.ThrowIfIncomplete());
        Assert.StartsWith("unable to retrieve the complete list of server APIs: broken.kube-ps.test/v1: ", error.Message);
        Assert.Contains("503", error.Message);
    }

    [Fact]
    public async Task Preferred_resources_of_a_partly_broken_server_match_kubectl_and_its_error()
    {
        using var rest = RestClient.Create(await _fixture.Server.ConfigAsync());

        var result = await new DiscoveryClient(rest).ServerPreferredResourcesAsync();
        var kubectl = await Kubectl.RunAsync(_fixture.Server.KubeconfigPath, "kube-ps-admin", "--cache-dir", Path.Combine(_dir, "kubectl"), "api-resources", "-o", "wide");

        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Contains("unable to retrieve the complete list of server APIs: broken.kube-ps.test/v1", kubectl.Stderr);
        Assert.StartsWith("unable to retrieve the complete list of server APIs: broken.kube-ps.test/v1", result.Error!.Message);
        var theirs = KubectlTable.Parse(kubectl.Stdout).Select(r => r["NAME"] + " " + r["APIVERSION"]).OrderBy(s => s);
        var ours = result.Resources.Where(r => r.Verbs.Count > 0).Select(r => r.Name + " " + r.ApiVersion).OrderBy(s => s);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public async Task The_cache_keeps_the_answers_but_not_the_failure()
    {
        var config = await _fixture.Server.ConfigAsync();
        using var rest = CountingHandler.Client(config, out var counter);
        string root = Path.Combine(_dir, "discovery");
        var folder = DiscoveryCacheDirectory.ForServer(config.Host, root);
        await CachedDiscoveryClient.ForServer(rest, cacheRoot: root).ServerGroupsAndResourcesAsync();
        counter.Reset();

        var again = await CachedDiscoveryClient.ForServer(rest, cacheRoot: root).ServerGroupsAndResourcesAsync();

        Assert.False(again.IsComplete);
        Assert.False(File.Exists(Path.Combine(folder, BrokenApiServiceServer.Group, "v1", "serverresources.json")));
        Assert.True(File.Exists(Path.Combine(folder, "apps", "v1", "serverresources.json")));
        Assert.Equal(counter.Total, counter.Count(BrokenApiServiceServer.GroupVersion.Path));
        Assert.InRange(counter.Total, 1, 2);
    }

    [Fact]
    public async Task The_mapper_maps_what_answered_and_names_the_broken_group_on_a_miss()
    {
        using var rest = RestClient.Create(await _fixture.Server.ConfigAsync());
        var mapper = new RestMapper(new DiscoveryClient(rest));

        var deploy = await mapper.MappingForAsync("deploy");
        var e = await Assert.ThrowsAsync<NoMatchException>(() => mapper.MappingForAsync("brokenthings"));

        Assert.Equal(new GroupVersionResource("apps", "v1", "deployments"), deploy.Resource);
        Assert.Contains("discovery of broken.kube-ps.test/v1 failed", e.Message);
        Assert.Equal(BrokenApiServiceServer.GroupVersion, Assert.Single(e.FailedGroupVersions).Key);
    }
}
