using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Kube.Client.Serialization.Protobuf;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Rest;

public sealed class ListStreamTests
{
    private static PodList Pods(int count, string? continueToken = null)
    {
        var template = Json.Read<Pod>(TestFiles.ReadTestData("pod-1.20.json"));
        var items = new List<Pod>();
        for (int i = 0; i < count; i++)
        {
            var pod = Json.Read<Pod>(Json.Write(template));
            pod.ApiVersion = null;
            pod.Kind = null;
            pod.Metadata!.Name = $"pod-{i}";
            pod.Metadata.Labels = new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["quote\"d"] = "é中\n" };
            items.Add(pod);
        }
        return new PodList { ApiVersion = "v1", Kind = "PodList", Metadata = new ListMeta { ResourceVersion = "42", Continue = continueToken }, Items = items };
    }

    /// <summary>A handler that answers the next <paramref name="requests"/> requests with <paramref name="respond"/>.</summary>
    private static FakeHttpHandler Answering(int requests, Func<System.Net.Http.HttpRequestMessage, System.Net.Http.HttpResponseMessage> respond)
    {
        var handler = new FakeHttpHandler();
        for (int i = 0; i < requests; i++) handler.Respond(respond);
        return handler;
    }

    /// <summary>The list's JSON in the API server's member order: metadata (with the continue token) before the items.</summary>
    private static string AsServerWrites(PodList list)
    {
        var written = System.Text.Json.Nodes.JsonNode.Parse(Json.Write(list))!.AsObject();
        var ordered = new System.Text.Json.Nodes.JsonObject();
        foreach (var key in new[] { "apiVersion", "kind", "metadata", "items" })
            if (written.Remove(key, out var value)) ordered[key] = value;
        return ordered.ToJsonString();
    }

    private static byte[] JsonBody(PodList list) => Encoding.UTF8.GetBytes(Json.Write(list));

    private static async Task<(List<Pod> Items, ListMeta? Metadata)> ReadAllAsync(Stream stream, int initialSize = 64 * 1024)
    {
        await using var reader = new JsonListItemReader<Pod>(stream, KubeJsonContext.Default.CoreV1Pod, initialSize);
        var items = new List<Pod>();
        while (await reader.ReadAsync(CancellationToken.None)) items.Add(reader.Current);
        return (items, reader.Metadata);
    }

    private static void AssertSameItems(IEnumerable<Pod> expected, IEnumerable<Pod> actual) =>
        Assert.Equal(expected.Select(Json.Write), actual.Select(Json.Write));

    public static TheoryData<int> ChunkSizes => new() { 1, 2, 3, 7, 13, 64, 1000, 4096, 1 << 20 };

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Streamed_items_equal_the_whole_list_decode_whatever_the_chunk_boundaries(int chunkSize)
    {
        byte[] body = JsonBody(Pods(12, "next-page"));
        var whole = JsonSerializer.Deserialize(body, KubeJsonContext.Default.CoreV1PodList)!;

        var (items, metadata) = await ReadAllAsync(ChunkedStream.Split(body, chunkSize));

        AssertSameItems(whole.Items!, items);
        Assert.Equal(("42", "next-page"), (metadata!.ResourceVersion, metadata.Continue));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(100)]
    public async Task An_item_larger_than_the_buffer_grows_it(int chunkSize)
    {
        byte[] body = JsonBody(Pods(3));
        var whole = JsonSerializer.Deserialize(body, KubeJsonContext.Default.CoreV1PodList)!;

        var (items, _) = await ReadAllAsync(ChunkedStream.Split(body, chunkSize), initialSize: 16);

        AssertSameItems(whole.Items!, items);
    }

    [Fact]
    public async Task Metadata_after_the_items_and_unknown_fields_are_read_too()
    {
        string json = "{\"items\":[{\"metadata\":{\"name\":\"a\"}},null,{\"metadata\":{\"name\":\"b\"}}],\"extra\":{\"deep\":[1,{\"x\":[]}]},\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\"}}";

        var (items, metadata) = await ReadAllAsync(ChunkedStream.Split(Encoding.UTF8.GetBytes(json), 3));

        Assert.Equal(new[] { "a", "b" }, items.Select(p => p.Metadata!.Name));
        Assert.Equal("9", metadata!.ResourceVersion);
    }

    [Theory]
    [InlineData("{\"metadata\":{},\"items\":null}")]
    [InlineData("{\"metadata\":{},\"items\":[]}")]
    [InlineData("{\"kind\":\"PodList\"}")]
    public async Task An_empty_list_yields_nothing(string json)
    {
        var (items, _) = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Empty(items);
    }

    [Fact]
    public async Task A_body_cut_inside_an_item_is_an_error_not_a_short_list()
    {
        byte[] body = JsonBody(Pods(2));
        byte[] cut = body.AsSpan(0, body.Length - 200).ToArray();

        var e = await Assert.ThrowsAnyAsync<JsonException>(() => ReadAllAsync(ChunkedStream.Split(cut, 50)));

        Assert.Contains("ended", e.Message);
    }

    [Theory]
    [InlineData("[{\"metadata\":{}}]")]
    [InlineData("{\"items\":{\"a\":1}}")]
    [InlineData("{\"items\":[1]}")]
    public async Task A_body_that_is_not_a_list_is_an_error(string json)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public async Task The_first_item_is_yielded_before_the_rest_of_the_body_arrives()
    {
        byte[] body = JsonBody(Pods(3));
        int firstItemEnds = Encoding.UTF8.GetBytes(Json.Write(Pods(3)).Split("},{\"metadata\"")[0]).Length + 1;
        Assert.InRange(firstItemEnds, 100, body.Length / 2);
        var stream = new GatedStream(body, firstItemEnds);
        await using var reader = new JsonListItemReader<Pod>(stream, KubeJsonContext.Default.CoreV1Pod);

        Assert.True(await reader.ReadAsync(CancellationToken.None));

        Assert.Equal("pod-0", reader.Current.Metadata!.Name);
        Assert.False(stream.Released);
        stream.Release();
        int rest = 0;
        while (await reader.ReadAsync(CancellationToken.None)) rest++;
        Assert.Equal(2, rest);
    }

    [Fact]
    public async Task ListItemsAsync_over_json_equals_ListAsync_and_carries_the_continue_token()
    {
        byte[] body = JsonBody(Pods(5, "more"));
        var handler = Answering(2, _ => Responses.Stream(ChunkedStream.Split(body, 17)));
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns");

        var stream = pods.ListItemsAsync(new ListOptions { Limit = 5 });
        var streamed = new List<Pod>();
        await foreach (var pod in stream) streamed.Add(pod);
        var whole = await pods.ListAsync();

        AssertSameItems(whole.Items!, streamed);
        Assert.Equal("more", stream.Continue);
        Assert.Equal("application/json", handler.Requests[0].Headers.Accept.ToString());
        Assert.Contains("limit=5", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public async Task ListAsync_over_json_keeps_the_lists_apiVersion_kind_and_metadata()
    {
        byte[] body = JsonBody(Pods(3, "more"));
        var handler = Answering(1, _ => Responses.Stream(ChunkedStream.Split(body, 11)));

        var list = await new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns").ListAsync();

        var whole = JsonSerializer.Deserialize(body, KubeJsonContext.Default.CoreV1PodList)!;
        Assert.Equal(Json.Write(whole), Json.Write(list));
        Assert.Equal(("v1", "PodList", "42", "more"), (list.ApiVersion, list.Kind, list.Metadata!.ResourceVersion, list.Metadata.Continue));
    }

    [Fact]
    public async Task ListItemsAsync_over_protobuf_equals_the_protobuf_ListAsync()
    {
        byte[] body = KubeProtobufContext.CoreV1PodList.Encode(Pods(4, "more"));
        var handler = Answering(2, _ => Responses.Protobuf(HttpStatusCode.OK, body));
        var pods = new Clientset(TestRest.Create(handler, contentType: MediaTypes.Protobuf)).CoreV1().Pods("ns");

        var stream = pods.ListItemsAsync();
        var streamed = new List<Pod>();
        await foreach (var pod in stream) streamed.Add(pod);
        var whole = await pods.ListAsync();

        Assert.Equal(4, streamed.Count);
        AssertSameItems(whole.Items!, streamed);
        Assert.Equal(("42", "more"), (stream.Metadata!.ResourceVersion, stream.Continue));
    }

    [Fact]
    public async Task A_protobuf_list_of_another_kind_is_refused()
    {
        byte[] body = KubeProtobufContext.CoreV1ConfigMapList.Encode(new ConfigMapList { ApiVersion = "v1", Kind = "ConfigMapList", Metadata = new ListMeta(), Items = new List<ConfigMap>() });
        var handler = new FakeHttpHandler().Respond(_ => Responses.Protobuf(HttpStatusCode.OK, body));
        var pods = new Clientset(TestRest.Create(handler, contentType: MediaTypes.Protobuf)).CoreV1().Pods("ns");

        var e = await Assert.ThrowsAsync<ProtobufException>(async () => { await foreach (var _ in pods.ListItemsAsync()) { } });

        Assert.Contains("GET /api/v1/namespaces/ns/pods", e.Message);
        Assert.Contains("ConfigMapList", e.Message);
    }

    [Fact]
    public async Task A_json_decode_error_names_the_request()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok("{\"items\":[{\"metadata\":{\"name\":5}}]}"));
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns");

        var e = await Assert.ThrowsAnyAsync<JsonException>(async () => { await foreach (var _ in pods.ListItemsAsync()) { } });

        Assert.Contains("GET /api/v1/namespaces/ns/pods", e.Message);
    }

    [Fact]
    public async Task A_list_stream_is_read_once()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok(Json.Write(Pods(1))));
        var stream = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns").ListItemsAsync();
        await foreach (var _ in stream) { }

        Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());
    }

    [Fact]
    public async Task The_pager_follows_continue_tokens_over_streamed_pages()
    {
        var first = Pods(3, "token-1");
        var second = Pods(2);
        second.Items!.ForEach(p => p.Metadata!.Name += "-b");
        var handler = Answering(4, request =>
            Responses.Ok(Json.Write(request.RequestUri!.Query.Contains("continue=token-1") ? second : first)));
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns");
        var pager = new ListPager<Pod, PodList>((o, ct) => pods.ListItemsAsync(o, ct), pageSize: 3);

        var names = new List<string>();
        await foreach (var pod in pager.ListAsync()) names.Add(pod.Metadata!.Name!);
        var snapshot = await pager.ListAllAsync();

        Assert.Equal(new[] { "pod-0", "pod-1", "pod-2", "pod-0-b", "pod-1-b" }, names);
        Assert.Equal(names, snapshot.Items.Select(p => p.Metadata!.Name));
        Assert.Equal(2, pager.Pages);
        Assert.Equal("42", pager.ResourceVersion);
    }

    [Fact]
    public async Task The_streamed_pager_lists_the_rest_whole_when_a_continue_token_expires()
    {
        var first = Pods(2, "token-1");
        var everything = Pods(4);
        var handler = Answering(3, request =>
        {
            string query = request.RequestUri!.Query;
            if (query.Contains("continue=token-1")) return Responses.Status(410, "Expired", "the continue token is too old");
            return Responses.Ok(Json.Write(query.Contains("limit=") ? first : everything));
        });
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns");
        var pager = new ListPager<Pod, PodList>((o, ct) => pods.ListItemsAsync(o, ct), pageSize: 2);

        var names = new List<string>();
        await foreach (var pod in pager.ListAsync()) names.Add(pod.Metadata!.Name!);

        Assert.Equal(new[] { "pod-0", "pod-1", "pod-2", "pod-3" }, names);
    }

    [Fact]
    public async Task The_streamed_pager_asks_for_the_next_page_while_the_current_one_is_still_being_read()
    {
        var first = Pods(3, "token-1");
        var second = Pods(2);
        second.Items!.ForEach(p => p.Metadata!.Name += "-b");
        var nextAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = Answering(2, request =>
        {
            if (!request.RequestUri!.Query.Contains("continue=token-1")) return Responses.Ok(AsServerWrites(first));
            nextAsked.TrySetResult();
            return Responses.Ok(Json.Write(second));
        });
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns");
        var pager = new ListPager<Pod, PodList>((o, ct) => pods.ListItemsAsync(o, ct), pageSize: 3);

        var names = new List<string>();
        await foreach (var pod in pager.ListAsync())
        {
            names.Add(pod.Metadata!.Name!);
            // The second page is asked for before the first page's second item is taken.
            if (names.Count == 1) await nextAsked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(new[] { "pod-0", "pod-1", "pod-2", "pod-0-b", "pod-1-b" }, names);
        Assert.Equal(2, pager.Pages);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_streamed_pager_stopped_early_cancels_the_page_it_read_ahead()
    {
        var first = Pods(3, "token-1");
        var secondBody = new GatedStream(JsonBody(Pods(2)), gate: 10);
        var handler = Answering(2, request => request.RequestUri!.Query.Contains("continue=token-1")
            ? Responses.Stream(secondBody)
            : Responses.Ok(AsServerWrites(first)));
        var pods = new Clientset(TestRest.Create(handler)).CoreV1().Pods("ns");
        var pager = new ListPager<Pod, PodList>((o, ct) => pods.ListItemsAsync(o, ct), pageSize: 3);

        var names = new List<string>();
        await foreach (var pod in pager.ListAsync())
        {
            names.Add(pod.Metadata!.Name!);
            if (names.Count == 2) break;
        }

        // The read-ahead page (its body never finishes) did not hold the loop, and was not read on.
        Assert.Equal(new[] { "pod-0", "pod-1" }, names);
        Assert.False(secondBody.Released);
    }
}
