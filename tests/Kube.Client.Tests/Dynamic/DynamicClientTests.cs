using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Dynamic;

/// <summary>The dynamic client against an in-process fake server: paths, verbs, bodies and errors.</summary>
public sealed class DynamicClientTests
{
    private static readonly GroupVersionResource Widgets = new("example.com", "v1", "widgets");
    private static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");

    private const string WidgetJson = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\",\"namespace\":\"ns\",\"resourceVersion\":\"5\"},\"spec\":{\"size\":9223372036854775807}}";

    private static (DynamicClient Client, FakeHttpHandler Handler) Fake(params Func<HttpRequestMessage, HttpResponseMessage>[] responses)
    {
        var handler = new FakeHttpHandler();
        foreach (var r in responses) handler.Respond(r);
        return (new DynamicClient(TestRest.Create(handler)), handler);
    }

    private static Unstructured Widget(string? ns = "ns") => new("example.com/v1", "Widget") { Name = "w", Namespace = ns };

    private static string PathAndQuery(HttpRequestMessage request) => Uri.UnescapeDataString(request.RequestUri!.PathAndQuery);

    [Fact]
    public async Task Get_reads_one_object_from_the_namespaced_path()
    {
        var (client, handler) = Fake(_ => Responses.Ok(WidgetJson));

        var w = await client.Resource(Widgets).Namespace("ns").GetAsync("w", new GetOptions { ResourceVersion = "0" });

        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets/w?resourceVersion=0", PathAndQuery(handler.Requests[0]));
        Assert.Equal(HttpMethod.Get, handler.Requests[0].Method);
        Assert.Equal(WidgetJson, w.ToJson());
    }

    [Fact]
    public async Task A_core_resource_without_a_namespace_goes_to_the_cluster_path()
    {
        var (client, handler) = Fake(_ => Responses.Ok("{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"dev\"}}"));

        await client.Resource(new GroupVersionResource("", "v1", "namespaces")).GetAsync("dev");

        Assert.Equal("/api/v1/namespaces/dev", PathAndQuery(handler.Requests[0]));
    }

    [Fact]
    public async Task List_sends_the_options_and_decodes_items_and_list_metadata()
    {
        var (client, handler) = Fake(_ => Responses.Ok(
            "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"42\",\"continue\":\"next\"},\"items\":[{\"metadata\":{\"name\":\"a\"}}]}"));

        var list = await client.Resource(ConfigMaps).Namespace("ns").ListAsync(new ListOptions { LabelSelector = "app=web", Limit = 1 });

        Assert.Equal("/api/v1/namespaces/ns/configmaps?labelSelector=app=web&limit=1", PathAndQuery(handler.Requests[0]));
        Assert.Equal("42", list.ResourceVersion);
        Assert.Equal("next", list.Continue);
        Assert.Equal("ConfigMap", list.Items.Single().Kind);
    }

    [Fact]
    public async Task Without_a_namespace_list_covers_every_namespace()
    {
        var (client, handler) = Fake(_ => Responses.Ok("{\"kind\":\"WidgetList\",\"apiVersion\":\"example.com/v1\",\"metadata\":{},\"items\":[]}"));

        await client.Resource(Widgets).ListAsync();

        Assert.Equal("/apis/example.com/v1/widgets", PathAndQuery(handler.Requests[0]));
    }

    [Fact]
    public async Task Create_posts_the_object_as_it_is_to_the_collection()
    {
        var (client, handler) = Fake(_ => Responses.Json(HttpStatusCode.Created, WidgetJson));
        var widget = Unstructured.Parse(WidgetJson);

        var created = await client.Resource(Widgets).Namespace("ns").CreateAsync(widget, new CreateOptions { FieldManager = "me", DryRun = true });

        Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets?dryRun=All&fieldManager=me", PathAndQuery(handler.Requests[0]));
        Assert.Equal(WidgetJson, handler.Bodies[0]);
        Assert.Equal("application/json", handler.Requests[0].Content!.Headers.ContentType!.MediaType);
        Assert.Equal(widget, created);
    }

    [Fact]
    public async Task Create_of_a_subresource_posts_to_the_named_object()
    {
        var (client, handler) = Fake(_ => Responses.Json(HttpStatusCode.Created, "{\"kind\":\"Eviction\"}"));
        var eviction = new Unstructured("policy/v1beta1", "Eviction") { Name = "p", Namespace = "ns" };

        await client.Resource(new GroupVersionResource("", "v1", "pods")).Namespace("ns").CreateAsync(eviction, subresource: "eviction");

        Assert.Equal("/api/v1/namespaces/ns/pods/p/eviction", PathAndQuery(handler.Requests[0]));
    }

    [Fact]
    public async Task Update_and_UpdateStatus_put_to_the_object_and_its_status()
    {
        var (client, handler) = Fake(_ => Responses.Ok(WidgetJson), _ => Responses.Ok(WidgetJson));
        var widgets = client.Resource(Widgets).Namespace("ns");

        await widgets.UpdateAsync(Widget(), new UpdateOptions { FieldManager = "me" });
        await widgets.UpdateStatusAsync(Widget());

        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Put, r.Method));
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets/w?fieldManager=me", PathAndQuery(handler.Requests[0]));
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets/w/status", PathAndQuery(handler.Requests[1]));
    }

    [Theory]
    [InlineData(PatchType.Json, "application/json-patch+json")]
    [InlineData(PatchType.Merge, "application/merge-patch+json")]
    [InlineData(PatchType.StrategicMerge, "application/strategic-merge-patch+json")]
    public async Task Patch_sends_the_patch_with_the_content_type_of_its_kind(PatchType type, string contentType)
    {
        var (client, handler) = Fake(_ => Responses.Ok(WidgetJson));

        await client.Resource(Widgets).Namespace("ns").PatchAsync("w", type, "{\"spec\":{}}", new PatchOptions { FieldManager = "me" }, subresource: "status");

        Assert.Equal("PATCH", handler.Requests[0].Method.Method);
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets/w/status?fieldManager=me", PathAndQuery(handler.Requests[0]));
        Assert.Equal(contentType, handler.Requests[0].Content!.Headers.ContentType!.MediaType);
        Assert.Equal("{\"spec\":{}}", handler.Bodies[0]);
    }

    [Fact]
    public async Task A_patch_can_be_given_as_a_JSON_tree()
    {
        var (client, handler) = Fake(_ => Responses.Ok(WidgetJson));
        var patch = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/size", ["value"] = 2 });

        await client.Resource(Widgets).Namespace("ns").PatchAsync("w", PatchType.Json, patch);

        Assert.Equal("[{\"op\":\"replace\",\"path\":\"/spec/size\",\"value\":2}]", handler.Bodies[0]);
    }

    [Fact]
    public async Task Apply_sends_an_apply_patch_with_field_manager_and_force()
    {
        var (client, handler) = Fake(_ => Responses.Ok(WidgetJson), _ => Responses.Ok(WidgetJson));
        var widgets = client.Resource(Widgets).Namespace("ns");

        await widgets.ApplyAsync(Widget(), new ApplyOptions("kube-ps"));
        await widgets.ApplyAsync(Widget(), new ApplyOptions("kube-ps", force: true) { DryRun = true });

        Assert.Equal("PATCH", handler.Requests[0].Method.Method);
        Assert.Equal("application/apply-patch+yaml", handler.Requests[0].Content!.Headers.ContentType!.MediaType);
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets/w?fieldManager=kube-ps", PathAndQuery(handler.Requests[0]));
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets/w?dryRun=All&fieldManager=kube-ps&force=true", PathAndQuery(handler.Requests[1]));
        Assert.Equal(Widget().ToJson(), handler.Bodies[0]);
    }

    [Fact]
    public async Task ApplyStatus_applies_to_the_status_subresource()
    {
        var (client, handler) = Fake(_ => Responses.Ok(WidgetJson));

        await client.Resource(Widgets).Namespace("ns").ApplyStatusAsync(Widget(), new ApplyOptions("kube-ps"));

        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets/w/status?fieldManager=kube-ps", PathAndQuery(handler.Requests[0]));
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_refused_before_sending()
    {
        var (client, handler) = Fake();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.Resource(Widgets).Namespace("ns").ApplyAsync(Widget(), new ApplyOptions()));

        Assert.Contains("field manager", e.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Apply_of_an_object_with_managed_fields_is_refused_before_sending()
    {
        var (client, handler) = Fake();
        var widget = Widget();
        widget.SetNestedField(new JsonArray(new JsonObject { ["manager"] = "x" }), "metadata", "managedFields");

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.Resource(Widgets).Namespace("ns").ApplyAsync(widget, new ApplyOptions("kube-ps")));

        Assert.Contains("managedFields", e.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Writes_need_a_name_where_the_path_takes_one()
    {
        var (client, handler) = Fake();
        var widgets = client.Resource(Widgets).Namespace("ns");
        var nameless = new Unstructured("example.com/v1", "Widget");

        await Assert.ThrowsAsync<ArgumentException>(() => widgets.UpdateAsync(nameless));
        await Assert.ThrowsAsync<ArgumentException>(() => widgets.ApplyAsync(nameless, new ApplyOptions("m")));
        await Assert.ThrowsAsync<ArgumentException>(() => widgets.GetAsync(""));
        await Assert.ThrowsAsync<ArgumentException>(() => widgets.DeleteAsync(""));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task An_object_in_another_namespace_than_the_client_is_refused()
    {
        var (client, handler) = Fake();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.Resource(Widgets).Namespace("ns").CreateAsync(Widget("other")));
        var e2 = await Assert.ThrowsAsync<ArgumentException>(() => client.Resource(Widgets).UpdateAsync(Widget("other")));

        Assert.Contains("\"other\"", e.Message);
        Assert.Contains("\"ns\"", e.Message);
        Assert.Contains("Namespace(\"other\")", e2.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task An_object_without_a_namespace_goes_to_the_client_namespace()
    {
        var (client, handler) = Fake(_ => Responses.Json(HttpStatusCode.Created, WidgetJson));

        await client.Resource(Widgets).Namespace("ns").CreateAsync(Widget(ns: null));

        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets", PathAndQuery(handler.Requests[0]));
    }

    [Fact]
    public async Task Delete_sends_delete_options_as_the_body()
    {
        var (client, handler) = Fake(_ => Responses.Ok("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\"}"));

        await client.Resource(Widgets).Namespace("ns").DeleteAsync("w", new DeleteOptions { PropagationPolicy = "Foreground", GracePeriodSeconds = 0 });

        Assert.Equal(HttpMethod.Delete, handler.Requests[0].Method);
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets/w", PathAndQuery(handler.Requests[0]));
        using var body = JsonDocument.Parse(handler.Bodies[0]!);
        Assert.Equal("Foreground", body.RootElement.GetProperty("propagationPolicy").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("gracePeriodSeconds").GetInt64());
    }

    [Fact]
    public async Task DeleteCollection_deletes_what_the_selector_picks()
    {
        var (client, handler) = Fake(_ => Responses.Ok("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\"}"));

        await client.Resource(Widgets).Namespace("ns").DeleteCollectionAsync(listOptions: new ListOptions { LabelSelector = "tier=test" });

        Assert.Equal(HttpMethod.Delete, handler.Requests[0].Method);
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets?labelSelector=tier=test", PathAndQuery(handler.Requests[0]));
    }

    [Fact]
    public async Task Watch_yields_unstructured_events_and_ends_with_an_ERROR_as_an_exception()
    {
        string frames =
            "{\"type\":\"ADDED\",\"object\":" + WidgetJson + "}\n" +
            "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"resourceVersion\":\"12\"}}}\n" +
            "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"too old resource version: 1 (12)\",\"reason\":\"Expired\",\"code\":410}}\n";
        var (client, handler) = Fake(_ => Responses.Stream(ChunkedStream.Split(Encoding.UTF8.GetBytes(frames), 5)));
        var events = new List<WatchEvent<Unstructured>>();

        var e = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var ev in client.Resource(Widgets).Namespace("ns").WatchAsync(new ListOptions { ResourceVersion = "1", AllowWatchBookmarks = true }))
                events.Add(ev);
        });

        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets?resourceVersion=1&allowWatchBookmarks=true&watch=true", PathAndQuery(handler.Requests[0]));
        Assert.Equal(new[] { WatchEventType.Added, WatchEventType.Bookmark }, events.Select(x => x.Type));
        Assert.Equal(WidgetJson, events[0].Object.ToJson());
        Assert.Equal("12", events[1].Object.ResourceVersion);
        Assert.True(e.IsResourceExpired);
    }

    [Fact]
    public async Task A_watch_event_whose_object_is_not_an_object_is_a_decode_error_naming_the_request()
    {
        var (client, _) = Fake(_ => Responses.Stream(new MemoryStream(Encoding.UTF8.GetBytes("{\"type\":\"ADDED\",\"object\":[1]}\n"))));

        var e = await Assert.ThrowsAsync<JsonException>(async () =>
        {
            await foreach (var _ in client.Resource(Widgets).WatchAsync()) { }
        });

        Assert.Contains("GET /apis/example.com/v1/widgets", e.Message);
        Assert.Contains("must be a JSON object", e.Message);
    }

    [Fact]
    public async Task Server_errors_come_as_KubeApiException_with_the_Status()
    {
        var (client, _) = Fake(_ => Responses.Status(404, "NotFound", "widgets.example.com \"w\" not found", "{\"name\":\"w\",\"group\":\"example.com\",\"kind\":\"widgets\"}"));

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.Resource(Widgets).Namespace("ns").GetAsync("w"));

        Assert.True(e.IsNotFound);
        Assert.Equal("GET /apis/example.com/v1/namespaces/ns/widgets/w", e.Request);
    }

    [Fact]
    public async Task An_apply_conflict_carries_the_conflicting_manager_and_fields()
    {
        var details = "{\"causes\":[{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"other\\\": .spec.size\",\"field\":\".spec.size\"}]}";
        var (client, _) = Fake(_ => Responses.Status(409, "Conflict", "Apply failed with 1 conflict: conflict with \"other\": .spec.size", details));

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.Resource(Widgets).Namespace("ns").ApplyAsync(Widget(), new ApplyOptions("me")));

        Assert.True(e.IsConflict);
        var cause = Assert.Single(e.Causes);
        Assert.Equal(".spec.size", cause.Field);
        Assert.Contains("\"other\"", cause.Message);
    }

    [Fact]
    public async Task Reads_are_retried_on_server_errors_like_every_request()
    {
        var (client, handler) = Fake(_ => Responses.Status(503, "ServiceUnavailable", "busy"), _ => Responses.Ok(WidgetJson));

        var w = await client.Resource(Widgets).Namespace("ns").GetAsync("w");

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("w", w.Name);
    }

    [Fact]
    public async Task A_response_that_is_not_JSON_is_a_decode_error_naming_the_request()
    {
        var (client, _) = Fake(_ => Responses.Ok("<html>proxy error</html>"));

        var e = await Assert.ThrowsAsync<JsonException>(() => client.Resource(Widgets).Namespace("ns").GetAsync("w"));

        Assert.Contains("GET /apis/example.com/v1/namespaces/ns/widgets/w", e.Message);
        Assert.Contains("Unstructured", e.Message);
    }

    [Fact]
    public void A_resource_without_version_or_name_is_refused()
    {
        var client = new DynamicClient(TestRest.Create(new FakeHttpHandler()));

        Assert.Throws<ArgumentException>(() => client.Resource(new GroupVersionResource("apps", "", "deployments")));
        Assert.Throws<ArgumentException>(() => client.Resource(new GroupVersionResource("apps", "v1", "")));
    }

    [Fact]
    public void Namespace_returns_a_new_client_and_leaves_the_first_as_it_was()
    {
        var all = new DynamicClient(TestRest.Create(new FakeHttpHandler())).Resource(Widgets);

        var one = all.Namespace("ns");

        Assert.Null(all.NamespaceName);
        Assert.Equal("ns", one.NamespaceName);
        Assert.Null(one.Namespace("").NamespaceName);
        Assert.Equal(Widgets, one.Resource);
    }

    [Fact]
    public async Task The_list_pager_pages_unstructured_lists()
    {
        var (client, handler) = Fake(
            _ => Responses.Ok("{\"kind\":\"WidgetList\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"resourceVersion\":\"8\",\"continue\":\"p2\"},\"items\":[{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"name\":\"a\"}}]}"),
            _ => Responses.Ok("{\"kind\":\"WidgetList\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"resourceVersion\":\"8\"},\"items\":[{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"name\":\"b\"}}]}"));
        var widgets = client.Resource(Widgets).Namespace("ns");
        var pager = new ListPager<Unstructured, UnstructuredList>((o, ct) => widgets.ListAsync(o, ct), pageSize: 1);

        var names = new List<string>();
        await foreach (var w in pager.ListAsync()) names.Add(w.Name!);

        Assert.Equal(new[] { "a", "b" }, names);
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets?limit=1&continue=p2", PathAndQuery(handler.Requests[1]));
        Assert.Equal("8", pager.ResourceVersion);
    }

    [Fact]
    public void The_list_pager_refuses_item_types_without_metadata()
    {
        Assert.Throws<ArgumentException>(() => new ListPager<string, NoList<string>>((_, _) => Task.FromResult(new NoList<string>())));
    }
}
