using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Discovery;

public sealed class DiscoveryClientTests : IDisposable
{
    private readonly FakeDiscoveryServer _server = new();
    private readonly RestClient _rest;
    private readonly DiscoveryClient _discovery;

    public DiscoveryClientTests()
    {
        _rest = _server.CreateRestClient();
        _discovery = new DiscoveryClient(_rest);
    }

    public void Dispose()
    {
        _rest.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Server_version_is_read_from_slash_version()
    {
        var info = await _discovery.ServerVersionAsync();

        Assert.Equal("v1.20.2", info.GitVersion);
        Assert.Equal(1, _server.Count("/version"));
    }

    [Fact]
    public async Task Server_groups_list_the_core_group_first_then_the_named_groups_in_server_order()
    {
        var groups = (await _discovery.ServerGroupsAsync()).Groups!;

        Assert.Equal("", groups[0].Name);
        Assert.Equal("v1", groups[0].PreferredVersion!.Version);
        Assert.Equal("v1", Assert.Single(groups[0].Versions!).GroupVersion);
        Assert.Equal(new[] { "apiregistration.k8s.io", "apps", "events.k8s.io" }, groups.Skip(1).Take(3).Select(g => g.Name));
    }

    [Fact]
    public async Task Server_groups_without_a_legacy_api_have_no_core_group()
    {
        _server.Fail("/api", 404);

        var groups = (await _discovery.ServerGroupsAsync()).Groups!;

        Assert.DoesNotContain(groups, g => g.Name == "");
        Assert.Contains(groups, g => g.Name == "apps");
    }

    [Fact]
    public async Task Server_groups_fail_when_the_group_list_cannot_be_read()
    {
        _server.Fail("/apis", 500);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => _discovery.ServerGroupsAsync());

        Assert.Equal(500, e.StatusCode);
    }

    [Fact]
    public async Task Resources_of_a_group_version_come_from_its_path()
    {
        var list = await _discovery.ServerResourcesForGroupVersionAsync(new GroupVersion("apps", "v1"));

        Assert.Equal("apps/v1", list.GroupVersion);
        Assert.Contains(list.Resources!, r => r.Name == "deployments" && r.Kind == "Deployment");
        Assert.Equal(1, _server.Count("/apis/apps/v1"));
    }

    [Fact]
    public async Task Groups_and_resources_fetch_every_group_version_once()
    {
        var result = await _discovery.ServerGroupsAndResourcesAsync();

        Assert.True(result.IsComplete);
        Assert.Null(result.Error);
        Assert.Equal(_server.GroupVersionPaths.Count, result.ResourceLists.Count);
        Assert.All(_server.GroupVersionPaths, p => Assert.Equal(1, _server.Count(p)));
        Assert.Equal(2 + _server.GroupVersionPaths.Count, _server.TotalRequests);
        Assert.Contains(result.Resources, r => r.Name == "deployments/scale" && r.IsSubresource && r.GroupVersionKind == new GroupVersionKind("autoscaling", "v1", "Scale"));
        Assert.Contains(result.Resources, r => r.Name == "cronjobs" && r.ApiVersion == "batch/v1beta1");
    }

    [Fact]
    public async Task A_failing_group_version_is_reported_without_failing_the_sweep()
    {
        _server.Fail("/apis/apps/v1", 503);

        var result = await _discovery.ServerGroupsAndResourcesAsync();

        Assert.False(result.IsComplete);
        var failure = Assert.Single(result.FailedGroupVersions);
        Assert.Equal(new GroupVersion("apps", "v1"), failure.Key);
        Assert.True(Assert.IsType<KubeApiException>(failure.Value).IsServiceUnavailable);
        Assert.Contains(result.Groups, g => g.Name == "apps");
        Assert.DoesNotContain(result.ResourceLists, l => l.GroupVersion == "apps/v1");
        Assert.Contains(result.Resources, r => r.Name == "pods");
        var error = Assert.Throws<GroupDiscoveryFailedException>(() => result.ThrowIfIncomplete());
        Assert.StartsWith("unable to retrieve the complete list of server APIs: apps/v1: ", error.Message);
        Assert.Contains("unable to handle the request", error.Message);
    }

    [Fact]
    public async Task A_failing_group_version_is_tried_twice_not_with_the_clients_full_retry_budget()
    {
        _server.Fail("/apis/apps/v1", 503);

        await _discovery.ServerGroupsAndResourcesAsync();

        Assert.Equal(2, _server.Count("/apis/apps/v1"));
    }

    [Fact]
    public async Task A_resource_entry_without_a_kind_is_skipped_and_the_rest_of_its_list_kept()
    {
        _server.AddGroup("sloppy.example", "v1", """[{"name":"nokind","namespaced":true,"verbs":["get"]},{"name":"fine","namespaced":true,"kind":"Fine","verbs":["get"]}]""");

        var result = await _discovery.ServerGroupsAndResourcesAsync();

        Assert.True(result.IsComplete);
        Assert.Equal(new[] { "fine" }, result.Resources.Where(r => r.Group == "sloppy.example").Select(r => r.Name));
    }

    [Fact]
    public async Task Group_versions_are_fetched_in_parallel_within_the_limit()
    {
        _server.GroupVersionDelay = TimeSpan.FromMilliseconds(20);
        var discovery = new DiscoveryClient(_rest, new DiscoveryClientOptions { MaxParallelism = 3 });

        var result = await discovery.ServerGroupsAndResourcesAsync();

        Assert.True(result.IsComplete);
        Assert.InRange(_server.MaxConcurrentRequests, 2, 3);
    }

    [Fact]
    public async Task Cancellation_ends_a_sweep_instead_of_being_reported_as_failed_groups()
    {
        _server.GroupVersionDelay = TimeSpan.FromSeconds(30);
        using var cts = new CancellationTokenSource();
        var sweep = _discovery.ServerGroupsAndResourcesAsync(cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sweep);
    }

    [Fact]
    public async Task Preferred_resources_are_what_kubectl_api_resources_lists()
    {
        var kubectl = KubectlTable.Parse(File.ReadAllText(Path.Combine(FakeDiscoveryServer.Kubernetes1202, "kubectl-api-resources.txt")))
            .Select(r => string.Join(" | ", r["NAME"], r["SHORTNAMES"], r["APIVERSION"], r["NAMESPACED"], r["KIND"], r["VERBS"], r["CATEGORIES"]))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

        var result = await _discovery.ServerPreferredResourcesAsync();

        var ours = result.Resources
            .Where(r => r.Verbs.Count > 0)
            .Select(r => string.Join(" | ", r.Name, string.Join(",", r.ShortNames), r.ApiVersion, r.Namespaced ? "true" : "false", r.Kind,
                string.Join(",", r.Verbs.OrderBy(v => v, StringComparer.Ordinal)), string.Join(",", r.Categories)))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(kubectl, ours);
        Assert.DoesNotContain(result.Resources, r => r.IsSubresource);
    }

    [Fact]
    public async Task Preferred_namespaced_resources_leave_out_cluster_scoped_ones()
    {
        var result = await _discovery.ServerPreferredNamespacedResourcesAsync();

        Assert.All(result.Resources, r => Assert.True(r.Namespaced, r.ToString()));
        Assert.Contains(result.Resources, r => r.Name == "pods");
        Assert.DoesNotContain(result.Resources, r => r.Name == "nodes");
    }

    [Fact]
    public async Task A_resource_whose_preferred_version_failed_is_kept_at_another_version()
    {
        _server.Fail("/apis/autoscaling/v1", 503);

        var result = await _discovery.ServerPreferredResourcesAsync();

        var hpa = Assert.Single(result.Resources, r => r.Name == "horizontalpodautoscalers");
        Assert.Equal("autoscaling/v2beta1", hpa.ApiVersion);
        Assert.Equal(new GroupVersion("autoscaling", "v1"), Assert.Single(result.FailedGroupVersions).Key);
    }

    [Fact]
    public async Task Preferred_resources_take_the_preferred_version_over_earlier_ones()
    {
        _server.Set("/apis", _server.Document("/apis").Replace(
            "\"preferredVersion\":{\"groupVersion\":\"autoscaling/v1\",\"version\":\"v1\"}",
            "\"preferredVersion\":{\"groupVersion\":\"autoscaling/v2beta2\",\"version\":\"v2beta2\"}"));

        var result = await _discovery.ServerPreferredResourcesAsync();

        Assert.Equal("autoscaling/v2beta2", Assert.Single(result.Resources, r => r.Name == "horizontalpodautoscalers").ApiVersion);
    }

    [Fact]
    public async Task Group_versions_are_what_kubectl_api_versions_lists()
    {
        var kubectl = File.ReadAllLines(Path.Combine(FakeDiscoveryServer.Kubernetes1202, "kubectl-api-versions.txt")).Where(l => l.Length > 0).ToList();

        var result = await _discovery.ServerGroupsAndResourcesAsync();

        Assert.Equal(kubectl, result.GroupVersions.Select(gv => gv.ApiVersion).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenApi_v2_is_returned_as_a_json_document()
    {
        using var doc = await _discovery.OpenApiV2Async();

        Assert.Equal("2.0", doc.RootElement.GetProperty("swagger").GetString());
        Assert.True(doc.RootElement.GetProperty("definitions").TryGetProperty("io.k8s.api.core.v1.Pod", out _));
    }

    [Fact]
    public async Task Requests_carry_the_discovery_timeout()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok("""{"kind":"APIResourceList","groupVersion":"apps/v1","resources":[]}"""));
        using var rest = TestRest.Create(handler);

        await new DiscoveryClient(rest).ServerResourcesForGroupVersionAsync(new GroupVersion("apps", "v1"));

        Assert.Equal("/apis/apps/v1?timeout=32s", handler.Requests[0].RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Discovery_is_throttled_by_its_own_limiter_not_the_rest_clients()
    {
        var clients = new CountingRateLimiter();
        var discoverys = new CountingRateLimiter();
        _rest.RateLimiter = clients;

        await new DiscoveryClient(_rest, new DiscoveryClientOptions { RateLimiter = discoverys }).ServerGroupsAndResourcesAsync();
        await new DiscoveryClient(_rest).ServerVersionAsync();

        Assert.Equal(2 + _server.GroupVersionPaths.Count, discoverys.Waits);
        Assert.Equal(0, clients.Waits);
    }

    [Fact]
    public async Task Without_a_limiter_of_its_own_discovery_uses_the_rest_clients()
    {
        var clients = new CountingRateLimiter();
        _rest.RateLimiter = clients;

        await new DiscoveryClient(_rest, new DiscoveryClientOptions { RateLimiter = null }).ServerGroupsAsync();

        Assert.Equal(2, clients.Waits);
    }

    [Fact]
    public void Bad_options_are_rejected_with_the_setting_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DiscoveryClient(_rest, new DiscoveryClientOptions { MaxParallelism = 0 }));
        Assert.Equal("MaxParallelism", e.ParamName);
    }
}
