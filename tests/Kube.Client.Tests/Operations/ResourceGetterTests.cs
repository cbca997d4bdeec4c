using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Dynamic;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Operations;
using Kube.Client.Printing;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Printing;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Operations;

/// <summary>Get by exact name, pattern and across namespaces, over typed and dynamic clients.</summary>
public sealed class ResourceGetterTests
{
    private static readonly GroupVersionResource Widgets = new("example.com", "v1", "widgets");

    private static string Pod(string name, string ns = "ns") => $"{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"{name}\",\"namespace\":\"{ns}\"}}}}";

    private static string PodList(params string[] pods) => $"{{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{{\"resourceVersion\":\"9\"}},\"items\":[{string.Join(",", pods)}]}}";

    private static string Widget(string name) => $"{{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{{\"name\":\"{name}\",\"namespace\":\"ns\"}}}}";

    private static string Query(HttpRequestMessage request) => Uri.UnescapeDataString(request.RequestUri!.PathAndQuery);

    private static async Task<List<GetResult<T>>> All<T>(IAsyncEnumerable<GetResult<T>> results)
        where T : class
    {
        var all = new List<GetResult<T>>();
        await foreach (var r in results) all.Add(r);
        return all;
    }

    [Fact]
    public async Task Exact_names_are_read_one_by_one_and_a_missing_one_is_its_own_failure()
    {
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Ok(Pod("a")))
            .Respond(_ => Responses.Status(404, "NotFound", "pods \"b\" not found"))
            .Respond(_ => Responses.Ok(Pod("c")));
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns").Generic;

        var results = await All(ResourceGetter.GetAsync(pods, new GetQuery { Names = new[] { "a", "b", "c", "a" } }));

        Assert.Equal(new[] { "/api/v1/namespaces/ns/pods/a", "/api/v1/namespaces/ns/pods/b", "/api/v1/namespaces/ns/pods/c" }, handler.Requests.Select(Query));
        Assert.Equal("a", results[0].Object!.Metadata!.Name);
        Assert.Equal("b", results[1].Name);
        Assert.True(Assert.IsType<KubeApiException>(results[1].Error).IsNotFound);
        Assert.Equal("c", results[2].Object!.Metadata!.Name);
        Assert.Equal(3, results.Count);
    }

    [Fact]
    public async Task A_pattern_filters_one_paged_list_and_no_match_is_no_failure()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok(PodList(Pod("web-1"), Pod("db-1"), Pod("web-2"))));
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns").Generic;

        var results = await All(ResourceGetter.GetAsync(pods, new GetQuery { NamePattern = n => n.StartsWith("web-"), LabelSelector = "tier=front", PageSize = 2 }));

        Assert.Equal(new[] { "web-1", "web-2" }, results.Select(r => r.Object!.Metadata!.Name));
        Assert.Equal("/api/v1/namespaces/ns/pods?labelSelector=tier=front&limit=2", Query(handler.Requests.Single()));
    }

    [Fact]
    public async Task Without_names_everything_selected_is_listed()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok("{\"kind\":\"WidgetList\",\"apiVersion\":\"example.com/v1\",\"metadata\":{},\"items\":[" + Widget("w1") + "," + Widget("w2") + "]}"));
        var widgets = new DynamicClient(TestRest.Create(handler)).Resource(Widgets).Namespace("ns");

        var results = await All(ResourceGetter.GetAsync(widgets, new GetQuery { FieldSelector = "metadata.namespace=ns" }));

        Assert.Equal(new[] { "w1", "w2" }, results.Select(r => r.Object!.Name));
        Assert.Equal("/apis/example.com/v1/namespaces/ns/widgets?fieldSelector=metadata.namespace=ns&limit=500", Query(handler.Requests.Single()));
    }

    [Fact]
    public async Task Across_namespaces_a_name_is_a_list_by_field_selector_and_none_found_is_NotFound_in_any_namespace()
    {
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Ok(PodList(Pod("x", "a"), Pod("x", "b"))))
            .Respond(_ => Responses.Ok(PodList()));
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("").Generic;

        var results = await All(ResourceGetter.GetAsync(pods, new GetQuery { Names = new[] { "x", "y" }, AllNamespaces = true, FieldSelector = "status.phase=Running" }));

        Assert.Equal("/api/v1/pods?fieldSelector=status.phase=Running,metadata.name=x&limit=500", Query(handler.Requests[0]));
        Assert.Equal(new[] { "a", "b" }, results.Take(2).Select(r => r.Object!.Metadata!.Namespace));
        var missing = Assert.IsType<KubeApiException>(results[2].Error);
        Assert.Equal("y", results[2].Name);
        Assert.True(missing.IsNotFound);
        Assert.Equal("pods \"y\" not found in any namespace", missing.Message);
    }

    [Fact]
    public void An_exact_name_with_a_selector_in_one_namespace_is_refused_before_any_request()
    {
        var handler = new FakeHttpHandler();
        var widgets = new DynamicClient(TestRest.Create(handler)).Resource(Widgets).Namespace("ns");

        var e = Assert.Throws<ArgumentException>(() => ResourceGetter.GetAsync(widgets, new GetQuery { Names = new[] { "w" }, LabelSelector = "a=b" }));

        Assert.Contains("selector", e.Message);
        Assert.Empty(handler.Requests);
        // Across namespaces the selector narrows the lookup instead.
        ResourceGetter.GetAsync(widgets, new GetQuery { Names = new[] { "w" }, LabelSelector = "a=b", AllNamespaces = true });
    }

    private static RestMapping Mapping(string group, string version, string resource, string kind, bool namespaced) =>
        new(new APIResourceInfo(new GroupVersion(group, version), resource, kind, namespaced));

    [Fact]
    public async Task A_kind_with_a_model_is_read_typed_with_its_rows_exactly_as_the_dynamic_read_converts_it()
    {
        var pods = TableBodies.Pods(3);
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Ok(TableBodies.Table(pods)))
            .Respond(_ => Responses.Ok(TableBodies.Table(pods)));
        var rest = TestRest.Create(handler);
        var query = new GetQuery { NamePattern = n => n != "pod-1", WithRows = true, AllNamespaces = true };

        var typed = await All(ResourceGetter.GetAsync(rest, Mapping("", "v1", "pods", "Pod", namespaced: true), null, query));
        var dynamic = await All(ResourceGetter.GetAsync(new DynamicClient(rest).Resource(new GroupVersionResource("", "v1", "pods")), query));

        Assert.All(handler.Requests, r =>
        {
            Assert.Equal("/api/v1/pods", r.RequestUri!.AbsolutePath);
            Assert.Contains("includeObject=Object", r.RequestUri.Query);
        });
        Assert.Equal(new[] { "pod-0", "pod-2" }, typed.Select(r => Assert.IsType<Pod>(r.Object).Metadata!.Name));
        for (int i = 0; i < typed.Count; i++)
        {
            // The same model, fields and row as the old way there: Unstructured, then converted.
            var converted = Assert.IsType<Pod>(UnstructuredConverter.FromUnstructured(dynamic[i].Object!));
            Assert.Equal(Json.Write(converted), Json.Write((Pod)typed[i].Object!));
            Assert.Equal(TableRows.Of(dynamic[i].Object!)!.Cells.Select(c => c?.ToString()), TableRows.Of(typed[i].Object!)!.Cells.Select(c => c?.ToString()));
        }
    }

    [Fact]
    public async Task A_kind_without_a_model_is_read_as_Unstructured_and_a_missing_name_is_its_failure()
    {
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Ok(Widget("w1")))
            .Respond(_ => Responses.Status(404, "NotFound", "widgets.example.com \"w2\" not found"));
        var mapping = Mapping("example.com", "v1", "widgets", "Widget", namespaced: true);

        var results = await All(ResourceGetter.GetAsync(TestRest.Create(handler), mapping, "ns", new GetQuery { Names = new[] { "w1", "w2" } }));

        Assert.Equal("w1", Assert.IsType<Unstructured>(results[0].Object).Name);
        Assert.Equal("w2", results[1].Name);
        Assert.True(Assert.IsType<KubeApiException>(results[1].Error).IsNotFound);
        Assert.Equal(new[] { "/apis/example.com/v1/namespaces/ns/widgets/w1", "/apis/example.com/v1/namespaces/ns/widgets/w2" }, handler.Requests.Select(Query));
    }

    [Fact]
    public async Task A_cluster_scoped_kind_with_a_model_is_read_typed_and_refuses_a_namespace()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team-a\"}}"));
        var mapping = Mapping("", "v1", "namespaces", "Namespace", namespaced: false);

        var e = Assert.Throws<ArgumentException>(() => ResourceGetter.GetAsync(TestRest.Create(handler), mapping, "ns", new GetQuery()));
        Assert.Contains("cluster-scoped", e.Message);
        var results = await All(ResourceGetter.GetAsync(TestRest.Create(handler), mapping, null, new GetQuery { Names = new[] { "team-a" } }));

        Assert.Equal("team-a", Assert.IsType<Namespace>(results.Single().Object).Metadata!.Name);
        Assert.Equal("/api/v1/namespaces/team-a", Query(handler.Requests.Single()));
    }

    [Fact]
    public async Task A_kind_whose_model_has_no_list_is_read_as_Unstructured()
    {
        // Binding has a model but no list kind: nothing typed to page, so the dynamic client reads it.
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"b\",\"namespace\":\"ns\"}}"));
        var mapping = Mapping("", "v1", "bindings", "Binding", namespaced: true);

        var results = await All(ResourceGetter.GetAsync(TestRest.Create(handler), mapping, "ns", new GetQuery { Names = new[] { "b" } }));

        Assert.IsType<Unstructured>(results.Single().Object);
    }
}
