using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>Streamed lists (<c>ListItemsAsync</c>) on the real server, in JSON and in protobuf, against the whole-list decode.</summary>
[Trait("Category", "Integration")]
public sealed class ListItemsTests : IClassFixture<ClusterFixture>
{
    private const int ObjectCount = 23;

    private readonly ClusterFixture _cluster;

    public ListItemsTests(ClusterFixture cluster) => _cluster = cluster;

    private async Task CreateSetAsync(string set)
    {
        var configMaps = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        await Task.WhenAll(Enumerable.Range(0, ObjectCount).Select(i =>
            configMaps.CreateAsync(Objects.ConfigMap($"{set}-{i:00}", Objects.Labels(("set", set))))));
    }

    private static string Canonical(ConfigMap item) => JsonSerializer.Serialize(item, KubeJsonContext.Default.CoreV1ConfigMap);

    [Theory]
    [InlineData(MediaTypes.Json)]
    [InlineData(MediaTypes.Protobuf)]
    public async Task Streamed_items_equal_the_listed_ones(string contentType)
    {
        string set = "streamed-" + (contentType == MediaTypes.Json ? "json" : "pb");
        await CreateSetAsync(set);
        var clientset = await _cluster.ClientsetForAsync(LocalCluster.AdminContext, c => c.ContentType = contentType);
        var configMaps = clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        var options = new ListOptions { LabelSelector = "set=" + set };

        var whole = await configMaps.ListAsync(options);
        var stream = configMaps.ListItemsAsync(options);
        var streamed = new List<ConfigMap>();
        await foreach (var item in stream) streamed.Add(item);

        Assert.Equal(ObjectCount, streamed.Count);
        Assert.Equal(whole.Items!.Select(Canonical), streamed.Select(Canonical));
        Assert.False(string.IsNullOrEmpty(stream.Metadata?.ResourceVersion));
        Assert.Null(stream.Continue);
    }

    [Fact]
    public async Task A_protobuf_ListAsync_read_as_it_streams_equals_the_json_ListAsync()
    {
        await CreateSetAsync("whole-pb");
        var json = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        var protobuf = (await _cluster.ClientsetForAsync(LocalCluster.AdminContext, c => c.ContentType = MediaTypes.Protobuf)).CoreV1().ConfigMaps(_cluster.Namespace);
        var fromJson = await json.ListAsync(new ListOptions { LabelSelector = "set=whole-pb" });
        // The same resourceVersion, so both read the same state of the collection.
        var options = new ListOptions { LabelSelector = "set=whole-pb", ResourceVersion = fromJson.Metadata!.ResourceVersion, ResourceVersionMatch = "Exact" };

        var fromProtobuf = await protobuf.ListAsync(options);

        Assert.Equal(ObjectCount, fromProtobuf.Items!.Count);
        Assert.Equal(JsonSerializer.Serialize(fromJson, KubeJsonContext.Default.CoreV1ConfigMapList), JsonSerializer.Serialize(fromProtobuf, KubeJsonContext.Default.CoreV1ConfigMapList));
    }

    [Fact]
    public async Task The_pager_over_streamed_pages_visits_every_object_once()
    {
        await CreateSetAsync("streamed-paged");
        var configMaps = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        var pager = new ListPager<ConfigMap, ConfigMapList>((o, ct) => configMaps.ListItemsAsync(o, ct), pageSize: 5);

        var names = new List<string>();
        await foreach (var item in pager.ListAsync(new ListOptions { LabelSelector = "set=streamed-paged" })) names.Add(item.Metadata!.Name!);

        Assert.Equal(Enumerable.Range(0, ObjectCount).Select(i => $"streamed-paged-{i:00}"), names.OrderBy(n => n));
        Assert.Equal(5, pager.Pages);
    }
}
