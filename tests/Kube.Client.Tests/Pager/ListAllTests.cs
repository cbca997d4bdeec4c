using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Pager;

public class ListAllTests
{
    [Fact]
    public async Task Pages_are_gathered_into_one_snapshot_at_the_first_pages_version()
    {
        var server = new FakeApiServer { WatchCacheEnabled = false };
        for (int i = 0; i < 5; i++) server.Create($"cm{i}");
        string rv = server.ResourceVersion.ToString();
        var pager = new ListPager<ConfigMap, IKubeList<ConfigMap>>((o, ct) => server.ListAsync(o, ct), pageSize: 2);

        var snapshot = await pager.ListAllAsync(new ListOptions { ResourceVersion = "0" });

        Assert.Equal(5, snapshot.Items.Count);
        Assert.Equal(rv, snapshot.ResourceVersion);
        Assert.True(snapshot.Paginated);
        Assert.Equal(3, snapshot.Pages);
        var requests = server.ListRequestsSnapshot();
        Assert.Equal("0", requests[0].ResourceVersion);
        Assert.All(requests.Skip(1), r => Assert.Null(r.ResourceVersion));
    }

    [Fact]
    public async Task An_expired_continue_token_drops_the_pages_read_and_lists_everything_at_once()
    {
        var server = new FakeApiServer { WatchCacheEnabled = false };
        for (int i = 0; i < 5; i++) server.Create($"cm{i}");
        server.ListFaults.Enqueue(_ => null);
        server.ListFaults.Enqueue(_ =>
        {
            server.Update("cm0", "changed");
            server.Compact();
            return null;
        });
        var pager = new ListPager<ConfigMap, IKubeList<ConfigMap>>((o, ct) => server.ListAsync(o, ct), pageSize: 2);

        var snapshot = await pager.ListAllAsync();

        Assert.Equal(5, snapshot.Items.Count);
        Assert.Equal("changed", snapshot.Items.Single(c => c.Metadata!.Name == "cm0").Data!["v"]);
        Assert.Equal(server.ResourceVersion.ToString(), snapshot.ResourceVersion);
        var last = server.ListRequestsSnapshot()[2];
        Assert.Equal(0, last.Limit);
        Assert.Null(last.Continue);
    }

    [Fact]
    public async Task An_expired_version_on_the_first_page_is_the_callers_to_handle()
    {
        var server = new FakeApiServer();
        server.ListFaults.Enqueue(_ => FakeApiServer.Gone());
        var pager = new ListPager<ConfigMap, IKubeList<ConfigMap>>((o, ct) => server.ListAsync(o, ct));
        var e = await Assert.ThrowsAsync<KubeApiException>(() => pager.ListAllAsync(new ListOptions { ResourceVersion = "5" }));
        Assert.True(e.IsGone);
    }
}
