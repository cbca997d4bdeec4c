using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>limit/continue paging on the real server, and <see cref="ListPager{T,TList}"/> over it.</summary>
[Trait("Category", "Integration")]
public sealed class PaginationTests : IClassFixture<ClusterFixture>
{
    private const int ObjectCount = 25;
    private const int PageSize = 7;

    private readonly ClusterFixture _cluster;

    public PaginationTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.CoreV1.ConfigMapsClient ConfigMaps => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

    /// <summary>Creates <see cref="ObjectCount"/> ConfigMaps labelled set=<paramref name="set"/> and returns their names.</summary>
    private async Task<HashSet<string>> CreateSetAsync(string set)
    {
        var names = Enumerable.Range(0, ObjectCount).Select(i => $"{set}-{i:00}").ToList();
        await Task.WhenAll(names.Select(n => ConfigMaps.CreateAsync(Objects.ConfigMap(n, Objects.Labels(("set", set))))));
        return names.ToHashSet();
    }

    [Fact]
    public async Task Limit_and_continue_visit_every_object_exactly_once()
    {
        var expected = await CreateSetAsync("paged");
        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? resourceVersion = null;
        var options = new ListOptions { LabelSelector = "set=paged", Limit = PageSize };

        while (true)
        {
            var page = await ConfigMaps.ListAsync(options);
            pageSizes.Add(page.Items!.Count);
            seen.AddRange(page.Items.Select(c => c.Metadata!.Name!));
            // Every page of one list is served from the snapshot of the first.
            resourceVersion ??= page.Metadata!.ResourceVersion;
            Assert.Equal(resourceVersion, page.Metadata!.ResourceVersion);
            if (string.IsNullOrEmpty(page.Metadata.Continue)) break;
            options.Continue = page.Metadata.Continue;
        }

        Assert.Equal(new[] { 7, 7, 7, 4 }, pageSizes);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(expected.OrderBy(n => n), seen.OrderBy(n => n));
    }

    [Fact]
    public async Task First_page_without_selectors_reports_how_many_items_remain()
    {
        await CreateSetAsync("counted");
        // The root CA publisher adds kube-root-ca.crt to every new namespace; wait for it so the
        // namespace's content is settled.
        await Eventually.SucceedsAsync("kube-root-ca.crt in " + _cluster.Namespace, ct => ConfigMaps.GetAsync("kube-root-ca.crt", cancellationToken: ct));
        var all = await ConfigMaps.ListAsync();

        var first = await ConfigMaps.ListAsync(new ListOptions { Limit = PageSize });

        Assert.Equal(PageSize, first.Items!.Count);
        Assert.False(string.IsNullOrEmpty(first.Metadata!.Continue));
        Assert.Equal(all.Items!.Count - PageSize, first.Metadata.RemainingItemCount);
    }

    [Fact]
    public async Task List_pager_yields_every_object_once_page_by_page()
    {
        var expected = await CreateSetAsync("pager");
        var requests = new List<ListOptions>();
        var pager = new ListPager<ConfigMap, ConfigMapList>((options, ct) =>
        {
            requests.Add(options.Clone());
            return ConfigMaps.ListAsync(options, ct);
        }, PageSize);

        var names = new List<string>();
        await foreach (var item in pager.ListAsync(new ListOptions { LabelSelector = "set=pager" }))
            names.Add(item.Metadata!.Name!);

        Assert.Equal(expected.OrderBy(n => n), names.OrderBy(n => n));
        Assert.Equal(4, pager.Pages);
        Assert.False(string.IsNullOrEmpty(pager.ResourceVersion));
        Assert.All(requests, r => Assert.Equal(PageSize, r.Limit));
        Assert.Null(requests[0].Continue);
        Assert.All(requests.Skip(1), r => Assert.False(string.IsNullOrEmpty(r.Continue)));
    }

    /// <summary>
    /// Compacts etcd (once) between the first and the second page: the continue token then names a
    /// revision etcd no longer has. The server answers 410 Expired, and the pager lists the rest
    /// again, yielding only what it has not yielded yet.
    /// </summary>
    [Fact]
    public async Task Expired_continue_token_is_410_and_list_pager_finishes_with_a_fresh_list()
    {
        var expected = await CreateSetAsync("expiry");
        string? firstToken = null;
        int calls = 0;
        var pager = new ListPager<ConfigMap, ConfigMapList>(async (options, ct) =>
        {
            if (++calls == 2)
            {
                firstToken = options.Continue;
                // A write after the first page moves etcd past the token's revision, so the
                // compaction below removes that revision. The new object shows up in the relist.
                await ConfigMaps.CreateAsync(Objects.ConfigMap("expiry-late", Objects.Labels(("set", "expiry"))), cancellationToken: ct);
                expected.Add("expiry-late");
                await ClusterScript.EtcdCompactAsync();
            }
            return await ConfigMaps.ListAsync(options, ct);
        }, PageSize);

        var names = new List<string>();
        await foreach (var item in pager.ListAsync(new ListOptions { LabelSelector = "set=expiry" }))
            names.Add(item.Metadata!.Name!);

        Assert.Equal(3, calls);
        Assert.Equal(2, pager.Pages);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(expected.OrderBy(n => n), names.OrderBy(n => n));

        var error = await Assert.ThrowsAsync<KubeApiException>(() =>
            ConfigMaps.ListAsync(new ListOptions { LabelSelector = "set=expiry", Limit = PageSize, Continue = firstToken }));
        Assert.True(error.IsResourceExpired, error.Message);
        Assert.Equal(410, error.StatusCode);
        Assert.Contains("continue parameter is too old", error.Message);
    }
}
