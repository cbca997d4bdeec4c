using System;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Mapping;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Mapping;

public sealed class RestMapperTests : IDisposable
{
    private const string CronTabs = """[{"name":"crontabs","singularName":"crontab","namespaced":true,"kind":"CronTab","verbs":["get","list","create"],"shortNames":["ct"]}]""";

    private readonly FakeDiscoveryServer _server = new();
    private readonly RestClient _rest;
    private readonly TempDirectory _temp = new();

    public RestMapperTests() => _rest = _server.CreateRestClient();

    public void Dispose()
    {
        _rest.Dispose();
        _server.Dispose();
        _temp.Dispose();
    }

    private CachedDiscoveryClient DiskCached() =>
        new(new DiscoveryClient(_rest), new CachedDiscoveryOptions { CacheDirectory = _temp.Combine("kube.test_6443") });

    [Fact]
    public async Task A_kind_added_after_the_mapper_loaded_is_found_after_one_refresh()
    {
        var mapper = new RestMapper(new DiscoveryClient(_rest));
        await mapper.MappingForAsync("pods");
        _server.AddGroup("stable.example.com", "v1", CronTabs);

        var mapping = await mapper.MappingForAsync("ct");

        Assert.Equal(new GroupVersionResource("stable.example.com", "v1", "crontabs"), mapping.Resource);
        Assert.Equal(2, _server.Count("/apis"));
        Assert.Equal(1, _server.Count("/apis/stable.example.com/v1"));
    }

    [Fact]
    public async Task A_kind_added_after_a_refresh_whose_answer_others_read_is_still_found()
    {
        // What a session does: Get-KubeApiResource refreshes and reads discovery, a CRD is made
        // later, then Get-KubeResource names its kind.
        var mapper = new RestMapper(new DiscoveryClient(_rest));
        await mapper.RefreshAsync();
        await mapper.Discovery.ServerPreferredResourcesAsync();
        _server.AddGroup("stable.example.com", "v1", CronTabs);

        var mapping = await mapper.MappingForAsync("CronTab");

        Assert.Equal("crontabs", mapping.Resource.Resource);
    }

    [Fact]
    public async Task A_miss_on_data_fetched_during_the_same_lookup_fails_without_a_second_sweep()
    {
        var mapper = new RestMapper(new DiscoveryClient(_rest));

        var e = await Assert.ThrowsAsync<NoMatchException>(() => mapper.MappingForAsync("podz"));

        Assert.Equal("pods", e.Suggestions[0]);
        Assert.Equal(1, _server.Count("/apis"));
    }

    [Fact]
    public async Task A_miss_refreshes_only_once_before_failing()
    {
        var mapper = new RestMapper(new DiscoveryClient(_rest));
        await mapper.MappingForAsync("pods");

        await Assert.ThrowsAsync<NoMatchException>(() => mapper.MappingForAsync("podz"));

        Assert.Equal(2, _server.Count("/apis"));
        Assert.Equal(2, _server.Count("/apis/apps/v1"));
    }

    [Fact]
    public async Task A_miss_on_a_disk_cache_filled_earlier_asks_the_server_at_once()
    {
        await DiskCached().ServerGroupsAndResourcesAsync();
        _server.AddGroup("stable.example.com", "v1", CronTabs);
        _server.ResetCounts();
        var mapper = new RestMapper(DiskCached());

        var mapping = await mapper.MappingForAsync("CronTab");

        Assert.Equal("crontabs", mapping.Resource.Resource);
        Assert.Equal(1, _server.Count("/apis"));
    }

    [Fact]
    public async Task A_hit_on_a_warm_disk_cache_makes_no_request()
    {
        await DiskCached().ServerGroupsAndResourcesAsync();
        _server.ResetCounts();
        var mapper = new RestMapper(DiskCached());

        var mapping = await mapper.MappingForAsync("deploy");

        Assert.Equal("deployments", mapping.Resource.Resource);
        Assert.Equal(0, _server.TotalRequests);
    }

    [Fact]
    public async Task Concurrent_first_lookups_share_one_discovery_sweep()
    {
        var mapper = new RestMapper(new DiscoveryClient(_rest));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => mapper.MappingForAsync("po")));

        Assert.All(results, m => Assert.Equal("pods", m.Resource.Resource));
        Assert.Equal(1, _server.Count("/apis"));
    }

    [Fact]
    public async Task Kind_resource_and_group_kind_lookups_refresh_on_a_miss_too()
    {
        var mapper = new RestMapper(new DiscoveryClient(_rest));
        await mapper.MappingForAsync("pods");
        _server.AddGroup("stable.example.com", "v1", CronTabs);

        var kind = await mapper.KindForAsync(new GroupVersionResource("", "", "crontabs"));
        var mapping = await mapper.MappingForAsync(new GroupVersionKind("stable.example.com", "v1", "CronTab"));

        Assert.Equal(new GroupVersionKind("stable.example.com", "v1", "CronTab"), kind);
        Assert.Equal(ResourceScope.Namespaced, mapping.Scope);
        Assert.Equal(2, _server.Count("/apis"));
    }

    [Fact]
    public async Task A_failing_group_version_does_not_stop_mapping_the_others()
    {
        _server.Fail("/apis/batch/v1", 503);
        var mapper = new RestMapper(new DiscoveryClient(_rest));

        var deploy = await mapper.MappingForAsync("deploy");
        var e = await Assert.ThrowsAsync<NoMatchException>(() => mapper.MappingForAsync("jobs"));

        Assert.Equal("apps", deploy.Resource.Group);
        Assert.Contains("discovery of batch/v1 failed", e.Message);
    }

    [Fact]
    public async Task Reset_makes_the_next_lookup_ask_the_server()
    {
        var mapper = new RestMapper(new DiscoveryClient(_rest));
        await mapper.MappingForAsync("pods");

        mapper.Reset();
        await mapper.MappingForAsync("pods");

        Assert.Equal(2, _server.Count("/apis"));
    }

    [Fact]
    public async Task The_all_category_needs_no_refresh_when_empty()
    {
        var mapper = new RestMapper(new DiscoveryClient(_rest));

        var all = await mapper.ExpandCategoryAsync("all");
        var none = await mapper.ExpandCategoryAsync("nothing-here");

        Assert.Contains(all, m => m.Resource.Resource == "deployments");
        Assert.Empty(none);
        Assert.Equal(1, _server.Count("/apis"));
    }
}
