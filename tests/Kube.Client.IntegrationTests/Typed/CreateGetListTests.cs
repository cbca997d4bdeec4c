using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>Create, get and list through the typed Clientset, with label and field selectors.</summary>
[Trait("Category", "Integration")]
public sealed class CreateGetListTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public CreateGetListTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.CoreV1.ConfigMapsClient ConfigMaps => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

    private async Task<string[]> NamesAsync(string? labelSelector = null, string? fieldSelector = null, string? onlyWithPrefix = null)
    {
        var list = await ConfigMaps.ListAsync(new ListOptions { LabelSelector = labelSelector, FieldSelector = fieldSelector });
        return list.Items!
            .Select(c => c.Metadata!.Name!)
            .Where(n => onlyWithPrefix is null || n.StartsWith(onlyWithPrefix, System.StringComparison.Ordinal))
            .OrderBy(n => n, System.StringComparer.Ordinal)
            .ToArray();
    }

    [Fact]
    public async Task Created_object_comes_back_from_get_and_list_with_its_data_and_labels()
    {
        var name = ClusterFixture.UniqueName("crud");
        var created = await ConfigMaps.CreateAsync(Objects.ConfigMap(name, Objects.Labels(("purpose", "crud")), new Dictionary<string, string> { ["k"] = "v", ["multi"] = "line 1\nline 2\n" }));

        var fetched = await ConfigMaps.GetAsync(name);
        var listed = await ConfigMaps.ListAsync();

        Assert.False(string.IsNullOrEmpty(created.Metadata!.Uid));
        Assert.Equal(_cluster.Namespace, created.Metadata.Namespace);
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(created.Metadata.Uid, fetched.Metadata!.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, fetched.Metadata.ResourceVersion);
        Assert.Equal("line 1\nline 2\n", fetched.Data!["multi"]);
        Assert.Equal("crud", fetched.Metadata.Labels!["purpose"]);
        Assert.Equal("ConfigMapList", listed.Kind);
        Assert.False(string.IsNullOrEmpty(listed.Metadata!.ResourceVersion));
        var item = Assert.Single(listed.Items!, c => c.Metadata!.Name == name);
        Assert.Equal("v", item.Data!["k"]);
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_not_found()
    {
        var error = await Assert.ThrowsAsync<Kube.Client.Rest.KubeApiException>(() => ConfigMaps.GetAsync("does-not-exist"));

        Assert.True(error.IsNotFound);
        Assert.Equal(404, error.StatusCode);
        Assert.Contains("\"does-not-exist\" not found", error.Message);
    }

    [Fact]
    public async Task Label_selectors_filter_by_equality_set_inequality_and_existence()
    {
        await ConfigMaps.CreateAsync(Objects.ConfigMap("sel-a", Objects.Labels(("tier", "web"), ("env", "prod"))));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("sel-b", Objects.Labels(("tier", "db"), ("env", "prod"))));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("sel-c", Objects.Labels(("tier", "cache"), ("env", "dev"))));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("sel-d", Objects.Labels(("other", "x"))));

        Assert.Equal(new[] { "sel-a" }, await NamesAsync("tier=web", onlyWithPrefix: "sel-"));
        Assert.Equal(new[] { "sel-a" }, await NamesAsync("tier==web", onlyWithPrefix: "sel-"));
        Assert.Equal(new[] { "sel-a", "sel-b" }, await NamesAsync("tier in (web, db)", onlyWithPrefix: "sel-"));
        Assert.Equal(new[] { "sel-c" }, await NamesAsync("tier notin (web,db),tier", onlyWithPrefix: "sel-"));
        // != also matches objects without the label at all.
        Assert.Equal(new[] { "sel-b", "sel-c", "sel-d" }, await NamesAsync("tier!=web", onlyWithPrefix: "sel-"));
        Assert.Equal(new[] { "sel-a", "sel-b", "sel-c" }, await NamesAsync("tier", onlyWithPrefix: "sel-"));
        Assert.Equal(new[] { "sel-d" }, await NamesAsync("!tier", onlyWithPrefix: "sel-"));
        Assert.Equal(new[] { "sel-b" }, await NamesAsync("env=prod,tier!=web", onlyWithPrefix: "sel-"));
        Assert.Empty(await NamesAsync("tier=web,env=dev", onlyWithPrefix: "sel-"));
    }

    [Fact]
    public async Task Invalid_label_selector_is_a_bad_request_with_the_parse_error()
    {
        var error = await Assert.ThrowsAsync<Kube.Client.Rest.KubeApiException>(() => NamesAsync("tier in web"));

        Assert.True(error.IsBadRequest, error.Message);
        Assert.Contains("unable to parse requirement", error.Message);
    }

    [Fact]
    public async Task Field_selector_on_metadata_name_returns_only_that_object()
    {
        await ConfigMaps.CreateAsync(Objects.ConfigMap("field-one"));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("field-two"));

        Assert.Equal(new[] { "field-one" }, await NamesAsync(fieldSelector: "metadata.name=field-one"));
        Assert.Equal(new[] { "field-two" }, await NamesAsync(fieldSelector: "metadata.name!=field-one", onlyWithPrefix: "field-"));
        Assert.Equal(new[] { "field-two" }, await NamesAsync(labelSelector: "!tier", fieldSelector: "metadata.name=field-two"));
    }

    [Fact]
    public async Task Field_selector_on_status_phase_tells_running_pods_from_pending_ones()
    {
        await _cluster.WaitForDefaultServiceAccountAsync();
        var pods = _cluster.Clientset.CoreV1().Pods(_cluster.Namespace);
        await pods.CreateAsync(Objects.Pod("phase-pending"));
        var running = await pods.CreateAsync(Objects.Pod("phase-running"));
        running.Status = new PodStatus { Phase = "Running" };
        await pods.UpdateStatusAsync(running);

        var runningList = await pods.ListAsync(new ListOptions { FieldSelector = "status.phase=Running" });
        var pendingList = await pods.ListAsync(new ListOptions { FieldSelector = "status.phase=Pending,metadata.name=phase-pending" });

        Assert.Equal("phase-running", Assert.Single(runningList.Items!).Metadata!.Name);
        Assert.Equal("phase-pending", Assert.Single(pendingList.Items!).Metadata!.Name);
    }

    [Fact]
    public async Task Unsupported_field_selector_is_a_bad_request()
    {
        var error = await Assert.ThrowsAsync<Kube.Client.Rest.KubeApiException>(() => NamesAsync(fieldSelector: "data.k=v"));

        Assert.True(error.IsBadRequest, error.Message);
        Assert.Contains("\"data.k\" is not a known field selector", error.Message);
    }
}
