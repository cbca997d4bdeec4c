using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Discovery;

public sealed class CachedDiscoveryClientTests : IDisposable
{
    private readonly FakeDiscoveryServer _server = new();
    private readonly RestClient _rest;
    private readonly TempDirectory _temp = new();
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public CachedDiscoveryClientTests() => _rest = _server.CreateRestClient();

    public void Dispose()
    {
        _rest.Dispose();
        _server.Dispose();
        _temp.Dispose();
    }

    private string CacheDir => _temp.Combine("discovery", "kube.test_6443");

    private CachedDiscoveryClient NewClient(string? dir = "", RestClient? rest = null) =>
        new(new DiscoveryClient(rest ?? _rest), new CachedDiscoveryOptions
        {
            CacheDirectory = dir == "" ? CacheDir : dir,
            Clock = () => _now,
        });

    [Fact]
    public async Task A_cold_cache_asks_the_server_and_writes_kubectls_layout()
    {
        var client = NewClient();

        var result = await client.ServerGroupsAndResourcesAsync();

        Assert.True(result.IsComplete);
        Assert.Equal(2 + _server.GroupVersionPaths.Count, _server.TotalRequests);
        Assert.True(client.Fresh);
        using var groups = JsonDocument.Parse(File.ReadAllText(Path.Combine(CacheDir, "servergroups.json")));
        Assert.Equal("APIGroupList", groups.RootElement.GetProperty("kind").GetString());
        Assert.Equal("", groups.RootElement.GetProperty("groups")[0].GetProperty("name").GetString());
        using var apps = JsonDocument.Parse(File.ReadAllText(Path.Combine(CacheDir, "apps", "v1", "serverresources.json")));
        Assert.Equal("apps/v1", apps.RootElement.GetProperty("groupVersion").GetString());
        Assert.True(File.Exists(Path.Combine(CacheDir, "v1", "serverresources.json")));
        Assert.Empty(Directory.EnumerateFiles(CacheDir, ".*tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_warm_disk_cache_answers_without_any_request()
    {
        var cold = await NewClient().ServerGroupsAndResourcesAsync();
        _server.ResetCounts();
        var client = NewClient();

        var warm = await client.ServerGroupsAndResourcesAsync();

        Assert.Equal(0, _server.TotalRequests);
        Assert.False(client.Fresh);
        Assert.Equal(cold.Resources.Select(r => r.ToString()), warm.Resources.Select(r => r.ToString()));
        Assert.Equal(cold.Resources.Count, warm.Resources.Count);
    }

    [Fact]
    public async Task The_memory_cache_answers_again_without_requests_and_stays_fresh()
    {
        var client = NewClient(dir: null);
        await client.ServerPreferredResourcesAsync();
        _server.ResetCounts();

        await client.ServerGroupsAndResourcesAsync();
        await client.ServerResourcesForGroupVersionAsync(new GroupVersion("apps", "v1"));

        Assert.Equal(0, _server.TotalRequests);
        Assert.True(client.Fresh);
        Assert.Null(client.CacheDirectory);
    }

    [Fact]
    public async Task Files_older_than_the_ttl_are_fetched_again_and_rewritten()
    {
        await NewClient().ServerGroupsAndResourcesAsync();
        var file = Path.Combine(CacheDir, "apps", "v1", "serverresources.json");
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(file, old);
        _server.ResetCounts();
        _now = DateTimeOffset.UtcNow + CachedDiscoveryOptions.DefaultTtl - TimeSpan.FromMinutes(30);
        var client = NewClient();

        await client.ServerGroupsAndResourcesAsync();

        Assert.Equal(1, _server.Count("/apis/apps/v1"));
        Assert.Equal(1, _server.TotalRequests);
        Assert.True(File.GetLastWriteTimeUtc(file) > old);
    }

    [Fact]
    public async Task Files_within_the_ttl_are_used()
    {
        await NewClient().ServerGroupsAndResourcesAsync();
        _server.ResetCounts();
        _now = DateTimeOffset.UtcNow + CachedDiscoveryOptions.DefaultTtl - TimeSpan.FromMinutes(5);

        await NewClient().ServerGroupsAndResourcesAsync();

        Assert.Equal(0, _server.TotalRequests);
    }

    [Fact]
    public async Task Memory_entries_expire_with_the_ttl_too()
    {
        var client = new CachedDiscoveryClient(new DiscoveryClient(_rest), new CachedDiscoveryOptions { Ttl = TimeSpan.FromMinutes(10), Clock = () => _now });
        await client.ServerGroupsAsync();
        _now += TimeSpan.FromMinutes(11);

        await client.ServerGroupsAsync();

        Assert.Equal(2, _server.Count("/apis"));
    }

    [Fact]
    public async Task A_corrupt_cache_file_is_ignored_with_a_trace_and_rewritten()
    {
        await NewClient().ServerGroupsAndResourcesAsync();
        var file = Path.Combine(CacheDir, "apps", "v1", "serverresources.json");
        File.WriteAllText(file, "{\"kind\":\"APIResourceList\",\"groupVersion\":\"apps/v1\",\"resources\":[{\"na");
        _server.ResetCounts();
        var listener = new RecordingListener();

        DiscoveredResources result;
        using (RequestListenerScope.Push(listener))
            result = await NewClient().ServerGroupsAndResourcesAsync();

        Assert.True(result.IsComplete);
        Assert.Contains(result.Resources, r => r.Name == "deployments");
        Assert.Equal(1, _server.TotalRequests);
        Assert.Contains(listener.Traces, t => t.Contains(file) && t.Contains("not valid JSON"));
        using var rewritten = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal("apps/v1", rewritten.RootElement.GetProperty("groupVersion").GetString());
    }

    [Fact]
    public async Task A_cache_file_for_another_group_version_is_ignored_and_rewritten()
    {
        await NewClient().ServerGroupsAndResourcesAsync();
        var apps = Path.Combine(CacheDir, "apps", "v1", "serverresources.json");
        File.Copy(Path.Combine(CacheDir, "batch", "v1", "serverresources.json"), apps, overwrite: true);
        _server.ResetCounts();
        var listener = new RecordingListener();

        using (RequestListenerScope.Push(listener))
            await NewClient().ServerResourcesForGroupVersionAsync(new GroupVersion("apps", "v1"));

        Assert.Equal(1, _server.Count("/apis/apps/v1"));
        Assert.Contains(listener.Traces, t => t.Contains(apps) && t.Contains("does not hold"));
        Assert.Contains("\"groupVersion\":\"apps/v1\"", File.ReadAllText(apps));
    }

    [Fact]
    public async Task Invalidate_makes_the_next_calls_ask_the_server_and_distrust_files_written_by_others()
    {
        await NewClient().ServerGroupsAndResourcesAsync();
        _server.ResetCounts();
        var client = NewClient();
        await client.ServerGroupsAsync();
        Assert.Equal(0, _server.TotalRequests);
        Assert.False(client.Fresh);

        client.Invalidate();
        Assert.True(client.Fresh);
        await client.ServerGroupsAndResourcesAsync();

        Assert.Equal(2 + _server.GroupVersionPaths.Count, _server.TotalRequests);
        Assert.True(client.Fresh);
    }

    [Fact]
    public async Task A_failed_group_version_is_not_cached_and_is_asked_again()
    {
        _server.Fail("/apis/apps/v1", 503);
        var client = NewClient();
        var first = await client.ServerGroupsAndResourcesAsync();
        Assert.False(first.IsComplete);
        Assert.False(File.Exists(Path.Combine(CacheDir, "apps", "v1", "serverresources.json")));
        _server.Heal("/apis/apps/v1");

        var second = await client.ServerGroupsAndResourcesAsync();

        Assert.True(second.IsComplete);
        Assert.True(File.Exists(Path.Combine(CacheDir, "apps", "v1", "serverresources.json")));
    }

    [Fact]
    public async Task Concurrent_writers_never_show_a_reader_half_a_file()
    {
        await NewClient().ServerGroupsAndResourcesAsync();
        using var offline = new FakeDiscoveryServer();
        foreach (var path in offline.GroupVersionPaths.Concat(new[] { "/api", "/apis" })) offline.Fail(path, 500);
        using var offlineRest = offline.CreateRestClient();

        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var writer = NewClient();
            for (int i = 0; i < 15; i++)
            {
                writer.Invalidate();
                await writer.ServerGroupsAndResourcesAsync();
            }
        })).ToList();
        var reader = Task.Run(async () =>
        {
            int reads = 0;
            while (writers.Any(w => !w.IsCompleted) || reads == 0)
            {
                // A reader whose server is down: any file it cannot parse turns into a failure.
                var result = await NewClient(rest: offlineRest).ServerGroupsAndResourcesAsync();
                Assert.True(result.IsComplete, result.Error?.Message);
                reads++;
            }
            return reads;
        });

        await Task.WhenAll(writers);
        Assert.True(await reader > 0);
        Assert.Equal(0, offline.TotalRequests);
        Assert.Empty(Directory.EnumerateFiles(CacheDir, ".*tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_unwritable_cache_folder_does_not_fail_discovery()
    {
        var blocked = _temp.Write("not-a-folder", "a file where the cache folder should be");
        var listener = new RecordingListener();

        DiscoveredResources result;
        using (RequestListenerScope.Push(listener))
            result = await NewClient(dir: blocked).ServerGroupsAndResourcesAsync();

        Assert.True(result.IsComplete);
        Assert.Contains(listener.Traces, t => t.Contains("could not write"));
    }

    [Fact]
    public async Task Server_version_and_openapi_are_not_cached()
    {
        var client = NewClient();

        await client.ServerVersionAsync();
        await client.ServerVersionAsync();
        (await client.OpenApiV2Async()).Dispose();

        Assert.Equal(2, _server.Count("/version"));
        Assert.Equal(1, _server.Count("/openapi/v2"));
    }

    [Fact]
    public async Task A_group_name_that_is_no_safe_folder_name_is_kept_in_memory_only()
    {
        // The URL "/apis/../v1" resolves to "/v1"; a cache path built from the group would leave the folder.
        _server.AddGroup("..", "v1", "[]");
        _server.Set("/v1", """{"kind":"APIResourceList","groupVersion":"../v1","resources":[{"name":"escapes","namespaced":false,"kind":"Escape","verbs":["get"]}]}""");
        var client = NewClient();

        var result = await client.ServerGroupsAndResourcesAsync();

        Assert.True(result.IsComplete, result.Error?.Message);
        Assert.Contains(result.Resources, r => r.Name == "escapes");
        Assert.False(File.Exists(_temp.Combine("discovery", "v1", "serverresources.json")));
        Assert.True(File.Exists(Path.Combine(CacheDir, "apps", "v1", "serverresources.json")));
    }

    [Theory]
    [InlineData("https://127.0.0.1:16443", "127.0.0.1_16443")]
    [InlineData("https://127.0.0.1:16443/", "127.0.0.1_16443")]
    [InlineData("http://kube-1.example.com", "kube_1.example.com")]
    [InlineData("https://kube.example.com:443", "kube.example.com_443")]
    [InlineData("https://kube.example.com:8443/k8s/clusters/c-1", "kube.example.com_8443/k8s/clusters/c_1")]
    [InlineData("https://[::1]:6443", "___1__6443")]
    public void The_cache_folder_is_named_after_the_server_like_kubectls(string server, string expected)
    {
        var root = _temp.Combine("root");

        var dir = DiscoveryCacheDirectory.ForServer(new Uri(server), root);

        Assert.Equal(Path.Combine(new[] { root }.Concat(expected.Split('/')).ToArray()), dir);
    }

    [Fact]
    public void A_non_positive_ttl_is_rejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CachedDiscoveryClient(new DiscoveryClient(_rest), new CachedDiscoveryOptions { Ttl = TimeSpan.Zero }));
        Assert.Equal("Ttl", e.ParamName);
    }
}
