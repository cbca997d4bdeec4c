using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models.MetaV1;
using Kube.Client.Printing;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Printing;

public sealed class TableRequestTests
{
    private static void AssertAsksForTables(HttpRequestMessage request)
    {
        // As kubectl asks: a Table of meta.k8s.io/v1, else the plain JSON.
        var accept = request.Headers.Accept.ToList();
        Assert.Equal(2, accept.Count);
        Assert.Equal("application/json", accept[0].MediaType);
        Assert.Equal(new[] { "as=Table", "v=v1", "g=meta.k8s.io" }, accept[0].Parameters.Select(p => $"{p.Name}={p.Value}"));
        Assert.Equal("application/json", accept[1].MediaType);
        Assert.Empty(accept[1].Parameters);
        Assert.Contains("includeObject=Object", request.RequestUri!.Query);
    }

    [Fact]
    public async Task A_typed_list_asks_for_a_table_and_yields_each_pod_with_its_row()
    {
        var pods = TableBodies.Pods(3);
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok(TableBodies.Table(pods, "more")));
        var client = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns").Generic;

        var stream = client.ListWithRowsAsync(new ListOptions { Limit = 3, LabelSelector = "a=b" });
        var read = new List<Kube.Client.Models.CoreV1.Pod>();
        await foreach (var pod in stream) read.Add(pod);

        var request = Assert.Single(handler.Requests);
        AssertAsksForTables(request);
        Assert.Equal("/api/v1/namespaces/ns/pods", request.RequestUri!.AbsolutePath);
        Assert.Contains("limit=3", request.RequestUri.Query);
        Assert.Contains("labelSelector=a%3Db", request.RequestUri.Query);
        Assert.Equal(pods.Select(Json.Write), read.Select(Json.Write));
        Assert.Equal("more", stream.Continue);
        Assert.Equal(new[] { "pod-0", "pod-1", "pod-2" }, read.Select(p => TableRows.Of(p)!.Text(0)));
    }

    [Fact]
    public async Task A_get_reads_the_one_row_of_its_table()
    {
        var pods = TableBodies.Pods(1);
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok(TableBodies.Table(pods)));
        var client = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns").Generic;

        var pod = await client.GetWithRowAsync("pod-0");

        AssertAsksForTables(Assert.Single(handler.Requests));
        Assert.Equal("/api/v1/namespaces/ns/pods/pod-0", handler.Requests[0].RequestUri!.AbsolutePath);
        Assert.Equal("0/1", TableRows.Of(pod)!.Text(1));
    }

    [Fact]
    public async Task A_refused_list_is_the_servers_status()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Status(403, "Forbidden", "pods is forbidden"));
        var client = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns").Generic;

        var e = await Assert.ThrowsAsync<KubeApiException>(async () => { await foreach (var _ in client.ListWithRowsAsync()) { } });

        Assert.True(e.IsForbidden);
    }

    [Fact]
    public async Task A_dynamic_watch_carries_the_columns_of_its_first_event_to_the_next()
    {
        string first = """{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"9"},"columnDefinitions":[{"name":"Name","type":"string","format":"name"},{"name":"Size","type":"integer"}],"rows":[{"cells":["a",1],"object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a","namespace":"ns","resourceVersion":"9"}}}]}""";
        string later = """{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"10"},"rows":[{"cells":["a",2],"object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a","namespace":"ns","resourceVersion":"10"}}}]}""";
        string body = "{\"type\":\"ADDED\",\"object\":" + first + "}\n{\"type\":\"MODIFIED\",\"object\":" + later + "}\n";
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok(body));
        var client = new DynamicClient(TestRest.Create(handler)).Resource(new GroupVersionResource("example.com", "v1", "widgets")).Namespace("ns");

        var events = new List<WatchEvent<Kube.Client.Models.Unstructured>>();
        await foreach (var e in client.WatchWithRowsAsync(new ListOptions { ResourceVersion = "8" })) events.Add(e);

        AssertAsksForTables(Assert.Single(handler.Requests));
        Assert.Contains("watch=true", handler.Requests[0].RequestUri!.Query);
        Assert.Equal(new[] { WatchEventType.Added, WatchEventType.Modified }, events.Select(e => e.Type));
        Assert.Equal(new[] { "1", "2" }, events.Select(e => TableRows.Of(e.Object)!.Text(1)));
        Assert.Equal("10", events[1].Object.ResourceVersion);
    }

    [Fact]
    public async Task A_dynamic_list_from_a_server_without_tables_fills_each_items_kind()
    {
        string list = """{"apiVersion":"example.com/v1","kind":"WidgetList","metadata":{"resourceVersion":"3"},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}""";
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok(list));
        var client = new DynamicClient(TestRest.Create(handler)).Resource(new GroupVersionResource("example.com", "v1", "widgets"));

        var whole = await client.ListWithRowsWholeAsync();

        Assert.Equal("3", whole.ResourceVersion);
        Assert.Equal(new[] { ("a", "Widget", "example.com/v1"), ("b", "Widget", "example.com/v1") }, whole.Items.Select(i => (i.Name!, i.Kind!, i.ApiVersion!)));
        Assert.All(whole.Items, i => Assert.Null(TableRows.Of(i)));
    }
}
