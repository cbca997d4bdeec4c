using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Dynamic;

/// <summary>Custom resources through the dynamic client against the real API server.</summary>
[Trait("Category", "Integration")]
[Collection(DynamicCollection.Name)]
public sealed class CustomResourceTests
{
    private readonly DynamicClusterFixture _cluster;

    public CustomResourceTests(DynamicClusterFixture cluster) => _cluster = cluster;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);

    [Fact]
    public async Task The_CRD_created_through_the_dynamic_client_is_established_with_its_printer_column()
    {
        var crd = _cluster.EstablishedCrd;

        Assert.Equal(_cluster.CrdName, crd.Name);
        Assert.Equal("Widget", crd.NestedString("status", "acceptedNames", "kind"));
        var table = await _cluster.Rest.Get().GroupVersion(_cluster.Widgets.GroupVersion).Namespace(_cluster.Namespace).Resource("widgets")
            .Accept("application/json;as=Table;v=v1;g=meta.k8s.io")
            .DoAsync((stream, ct) => new ValueTask<Unstructured>(Unstructured.ParseAsync(stream, ct)));
        var columns = table.NestedSlice("columnDefinitions")!.Select(c => (string?)c!["name"]).ToList();
        Assert.Equal("Table", table.Kind);
        Assert.Contains("Size", columns);
        Assert.Contains("Phase", columns);
    }

    [Fact]
    public async Task A_custom_object_is_created_read_listed_updated_and_deleted()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("crud");
        var widget = _cluster.NewWidget(name, 3, "red");
        widget.SetLabel("test", name);
        widget.SetNestedStringSlice(new[] { "a", "b" }, "spec", "tags");

        var created = await widgets.CreateAsync(widget);
        var got = await widgets.GetAsync(name);
        var listed = await widgets.ListAsync(new ListOptions { LabelSelector = "test=" + name });

        Assert.Equal(_cluster.Namespace, created.Namespace);
        Assert.False(string.IsNullOrEmpty(created.Uid));
        Assert.Equal(created.ResourceVersion, got.ResourceVersion);
        Assert.Equal(new[] { "a", "b" }, got.NestedStringSlice("spec", "tags"));
        Assert.Equal(created, got);
        var item = Assert.Single(listed.Items);
        Assert.Equal(name, item.Name);
        Assert.Equal("WidgetList", listed.Kind);
        Assert.False(string.IsNullOrEmpty(listed.ResourceVersion));

        got.SetNestedField(5, "spec", "size");
        var updated = await widgets.UpdateAsync(got);
        Assert.Equal(5, updated.NestedInt64("spec", "size"));
        Assert.NotEqual(got.ResourceVersion, updated.ResourceVersion);

        // The read before the update is stale now: the server refuses to overwrite with it.
        var stale = await Assert.ThrowsAsync<KubeApiException>(() => widgets.UpdateAsync(got));
        Assert.True(stale.IsConflict);

        await widgets.DeleteAsync(name);
        var gone = await Assert.ThrowsAsync<KubeApiException>(() => widgets.GetAsync(name));
        Assert.True(gone.IsNotFound);
    }

    [Fact]
    public async Task An_integer_beyond_double_precision_survives_the_server_exactly()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("big");
        const long big = 9007199254740993; // 2^53 + 1: a double would make it ...992

        await widgets.CreateAsync(_cluster.NewWidget(name, big));
        var got = await widgets.GetAsync(name);

        Assert.Equal(big, got.NestedInt64("spec", "size"));
        Assert.Contains("\"size\":9007199254740993", got.ToJson());
        await widgets.DeleteAsync(name);
    }

    [Fact]
    public async Task Merge_and_JSON_patches_change_a_custom_object()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("patch");
        await widgets.CreateAsync(_cluster.NewWidget(name, 1, "red"));

        var merged = await widgets.PatchAsync(name, PatchType.Merge, "{\"spec\":{\"color\":\"green\",\"tags\":[\"x\"]}}");
        var patched = await widgets.PatchAsync(name, PatchType.Json,
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/size", ["value"] = 7 }, new JsonObject { ["op"] = "add", ["path"] = "/spec/tags/-", ["value"] = "y" }));

        Assert.Equal("green", merged.NestedString("spec", "color"));
        Assert.Equal(1, merged.NestedInt64("spec", "size"));
        Assert.Equal(7, patched.NestedInt64("spec", "size"));
        Assert.Equal(new[] { "x", "y" }, patched.NestedStringSlice("spec", "tags"));
        await widgets.DeleteAsync(name);
    }

    [Fact]
    public async Task A_strategic_merge_patch_of_a_custom_object_is_refused_by_the_server()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("smp");
        await widgets.CreateAsync(_cluster.NewWidget(name, 1));

        var e = await Assert.ThrowsAsync<KubeApiException>(() => widgets.PatchAsync(name, PatchType.StrategicMerge, "{\"spec\":{\"size\":2}}"));

        Assert.Equal(415, e.StatusCode);
        await widgets.DeleteAsync(name);
    }

    [Fact]
    public async Task Status_is_written_only_through_the_status_subresource()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("status");
        var created = await widgets.CreateAsync(_cluster.NewWidget(name, 2));

        created.SetNestedField("Ready", "status", "phase");
        created.SetNestedField(2, "status", "observedSize");
        created.SetNestedField(99, "spec", "size");
        var withStatus = await widgets.UpdateStatusAsync(created);
        string? phaseAfterStatusUpdate = withStatus.NestedString("status", "phase");
        long? sizeAfterStatusUpdate = withStatus.NestedInt64("spec", "size");

        withStatus.SetNestedField("Ignored", "status", "phase");
        withStatus.SetNestedField(4, "spec", "size");
        var updated = await widgets.UpdateAsync(withStatus);

        var patched = await widgets.PatchAsync(name, PatchType.Merge, "{\"status\":{\"phase\":\"Patched\"}}", subresource: "status");

        Assert.Equal("Ready", phaseAfterStatusUpdate);
        Assert.Equal(2, sizeAfterStatusUpdate);
        Assert.Equal("Ready", updated.NestedString("status", "phase"));
        Assert.Equal(4, updated.NestedInt64("spec", "size"));
        Assert.Equal("Patched", patched.NestedString("status", "phase"));
        Assert.Equal(4, patched.NestedInt64("spec", "size"));
        await widgets.DeleteAsync(name);
    }

    [Fact]
    public async Task Server_side_apply_creates_reports_a_conflict_between_managers_and_forces()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("apply");

        var first = await widgets.ApplyAsync(_cluster.NewWidget(name, 1, "red"), new ApplyOptions("manager-a"));
        var again = await widgets.ApplyAsync(_cluster.NewWidget(name, 1, "red"), new ApplyOptions("manager-a"));
        var conflict = await Assert.ThrowsAsync<KubeApiException>(() => widgets.ApplyAsync(_cluster.NewWidget(name, 2), new ApplyOptions("manager-b")));
        var forced = await widgets.ApplyAsync(_cluster.NewWidget(name, 2), new ApplyOptions("manager-b", force: true));

        Assert.Equal(1, first.NestedInt64("spec", "size"));
        Assert.Equal(first.ResourceVersion, again.ResourceVersion);

        Assert.Equal(409, conflict.StatusCode);
        Assert.True(conflict.IsConflict);
        var cause = Assert.Single(conflict.Causes);
        Assert.Equal(".spec.size", cause.Field);
        Assert.Contains("\"manager-a\"", cause.Message);
        Assert.Contains("manager-a", conflict.Message);

        Assert.Equal(2, forced.NestedInt64("spec", "size"));
        Assert.Equal("red", forced.NestedString("spec", "color"));
        var managers = forced.NestedSlice("metadata", "managedFields")!.Select(m => (string?)m!["manager"]).ToList();
        Assert.Contains("manager-a", managers);
        Assert.Contains("manager-b", managers);
        await widgets.DeleteAsync(name);
    }

    [Fact]
    public async Task An_apply_dry_run_answers_without_storing()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("dry");

        var answer = await widgets.ApplyAsync(_cluster.NewWidget(name, 1), new ApplyOptions("manager-a") { DryRun = true });

        Assert.Equal(name, answer.Name);
        var e = await Assert.ThrowsAsync<KubeApiException>(() => widgets.GetAsync(name));
        Assert.True(e.IsNotFound);
    }

    [Fact]
    public async Task An_object_failing_the_schema_is_a_422_with_a_cause_per_field()
    {
        var widgets = _cluster.WidgetsIn();
        var bad = _cluster.NewWidget(Unique("invalid"), -1, "purple");

        var e = await Assert.ThrowsAsync<KubeApiException>(() => widgets.CreateAsync(bad));

        Assert.Equal(422, e.StatusCode);
        Assert.True(e.IsInvalid);
        var fields = e.Causes.Select(c => c.Field).ToList();
        Assert.Contains("spec.size", fields);
        Assert.Contains("spec.color", fields);
        Assert.Contains(e.Causes, c => c.Reason == "FieldValueNotSupported" && c.Message!.Contains("\"red\""));
    }

    [Fact]
    public async Task A_watch_sees_added_modified_and_deleted_in_order()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("watch");
        var start = await widgets.ListAsync(new ListOptions { Limit = 1 });
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var events = new List<(WatchEventType Type, long? Size)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var ev in widgets.WatchAsync(new ListOptions { ResourceVersion = start.ResourceVersion, TimeoutSeconds = 90 }, bound.Token))
            {
                if (ev.Object.Name != name) continue;
                events.Add((ev.Type, ev.Object.NestedInt64("spec", "size")));
                if (ev.Type == WatchEventType.Deleted) return;
            }
        });

        await widgets.CreateAsync(_cluster.NewWidget(name, 1));
        await widgets.PatchAsync(name, PatchType.Merge, "{\"spec\":{\"size\":2}}");
        await widgets.DeleteAsync(name);
        await watching;

        Assert.Equal(new[] { (WatchEventType.Added, (long?)1), (WatchEventType.Modified, 2), (WatchEventType.Deleted, 2) }, events);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_version_ends_with_410_Gone()
    {
        var e = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var _ in _cluster.WidgetsIn().WatchAsync(new ListOptions { ResourceVersion = "1", TimeoutSeconds = 30 })) { }
        });

        Assert.True(e.IsResourceExpired);
    }

    [Fact]
    public async Task Custom_objects_are_paged_with_the_list_pager_and_removed_with_DeleteCollection()
    {
        var widgets = _cluster.WidgetsIn();
        string batch = Unique("batch");
        for (int i = 0; i < 5; i++)
        {
            var w = _cluster.NewWidget($"{batch}-{i}", i);
            w.SetLabel("batch", batch);
            await widgets.CreateAsync(w);
        }
        var selector = new ListOptions { LabelSelector = "batch=" + batch };

        var pager = new ListPager<Unstructured, UnstructuredList>((o, ct) => widgets.ListAsync(o, ct), pageSize: 2);
        var names = new List<string>();
        await foreach (var w in pager.ListAsync(selector)) names.Add(w.Name!);

        await widgets.DeleteCollectionAsync(listOptions: selector);
        var after = await widgets.ListAsync(selector);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{batch}-{i}"), names.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(3, pager.Pages);
        Assert.Empty(after.Items);
    }

    [Fact]
    public async Task A_custom_object_stays_unstructured_when_converted()
    {
        var widgets = _cluster.WidgetsIn();
        string name = Unique("conv");
        var created = await widgets.CreateAsync(_cluster.NewWidget(name, 1));

        Assert.Null(UnstructuredConverter.FromUnstructured(created));
        await widgets.DeleteAsync(name);
    }
}
