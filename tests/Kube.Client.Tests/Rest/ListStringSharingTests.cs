using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.Serialization;
using Kube.Client.Printing;
using Kube.Client.Rest;
using Kube.Client.Serialization.Protobuf;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Kube.Client.Typed.CoreV1;
using Xunit;

namespace Kube.Client.Tests.Rest;

/// <summary>The items of a decoded list share their repeated short strings, and decode to the same values as without sharing.</summary>
public sealed class ListStringSharingTests
{
    private static PodList Pods(int count)
    {
        var template = Json.Read<Pod>(TestFiles.ReadTestData("pod-1.20.json"));
        var items = new List<Pod>();
        for (int i = 0; i < count; i++)
        {
            var pod = Json.Read<Pod>(Json.Write(template));
            pod.ApiVersion = null;
            pod.Kind = null;
            pod.Metadata!.Name = $"pod-{i}";
            pod.Metadata.Labels = new Dictionary<string, string>
            {
                ["app"] = "web",
                ["quote\"d"] = "é中\n",
                ["tab\tkey"] = "a\"b",
                ["n"] = i.ToString(CultureInfo.InvariantCulture),
            };
            items.Add(pod);
        }
        return new PodList { ApiVersion = "v1", Kind = "PodList", Metadata = new ListMeta { ResourceVersion = "42" }, Items = items };
    }

    private static PodsClient Client(Func<System.Net.Http.HttpResponseMessage> respond, string contentType)
    {
        var handler = new FakeHttpHandler().Respond(_ => respond());
        return new Clientset(TestRest.Create(handler, contentType: contentType)).CoreV1().Pods("ns");
    }

    private static void AssertShared(IList<Pod> items)
    {
        var a = items[0];
        var b = items[1];
        Assert.NotSame(a.Metadata!.Name, b.Metadata!.Name);
        Assert.Same(a.Metadata.Namespace, b.Metadata.Namespace);
        Assert.Same(a.Spec!.Containers![0].Image, b.Spec!.Containers![0].Image);
        Assert.Same(a.Metadata.Labels!["app"], b.Metadata.Labels!["app"]);
        Assert.Same(a.Metadata.Labels.Keys.First(k => k == "app"), b.Metadata.Labels.Keys.First(k => k == "app"));
        // Escaped and non-ASCII texts are decoded as usual, not pooled.
        Assert.Equal("é中\n", b.Metadata.Labels["quote\"d"]);
        Assert.Equal("a\"b", b.Metadata.Labels["tab\tkey"]);
    }

    [Fact]
    public async Task Json_ListAsync_items_share_repeated_strings_and_equal_the_plain_decode()
    {
        string json = Json.Write(Pods(3));
        var plain = JsonSerializer.Deserialize(json, KubeJsonContext.Default.CoreV1PodList)!;

        var list = await Client(() => Responses.Ok(json), MediaTypes.Json).ListAsync();

        AssertShared(list.Items!);
        Assert.Equal(Json.Write(plain), Json.Write(list));
    }

    private static void AssertNotShared(IList<Pod> items)
    {
        var a = items[0];
        var b = items[1];
        Assert.Equal(a.Metadata!.Namespace, b.Metadata!.Namespace);
        Assert.NotSame(a.Metadata.Namespace, b.Metadata.Namespace);
        Assert.NotSame(a.Spec!.Containers![0].Image, b.Spec!.Containers![0].Image);
        Assert.NotSame(a.Metadata.Labels!["app"], b.Metadata.Labels!["app"]);
    }

    [Fact]
    public async Task Json_ListItemsAsync_items_are_streamed_without_the_pool_and_equal_the_plain_decode()
    {
        string json = Json.Write(Pods(3));
        var plain = JsonSerializer.Deserialize(json, KubeJsonContext.Default.CoreV1PodList)!;
        var items = new List<Pod>();

        await foreach (var pod in Client(() => Responses.Ok(json), MediaTypes.Json).ListItemsAsync())
        {
            Assert.Null(ListStringPool.Current);
            items.Add(pod);
        }

        AssertNotShared(items);
        Assert.Equal(plain.Items!.Select(Json.Write), items.Select(Json.Write));
    }

    [Fact]
    public async Task Protobuf_ListItemsAsync_items_are_streamed_without_the_pool_and_equal_the_whole_body_decode()
    {
        byte[] body = KubeProtobufContext.CoreV1PodList.Encode(Pods(3));
        var whole = KubeProtobufContext.CoreV1PodList.Decode(body);
        var items = new List<Pod>();

        await foreach (var pod in Client(() => Responses.Protobuf(HttpStatusCode.OK, body), MediaTypes.Protobuf).ListItemsAsync()) items.Add(pod);

        AssertNotShared(items);
        Assert.Equal(whole.Items!.Select(p => KubeProtobufContext.CoreV1Pod.Encode(p)), items.Select(p => KubeProtobufContext.CoreV1Pod.Encode(p)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_json_list_reader_pools_only_when_asked(bool shareStrings)
    {
        using var stream = new System.IO.MemoryStream(Encoding.UTF8.GetBytes(Json.Write(Pods(3))));
        var items = new List<Pod>();
        await using (var reader = new JsonListItemReader<Pod>(stream, KubeJsonContext.Default.CoreV1Pod, shareStrings: shareStrings))
            while (await reader.ReadAsync(default)) items.Add(reader.Current);

        if (shareStrings) AssertShared(items);
        else AssertNotShared(items);
        Assert.Null(ListStringPool.Current);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_protobuf_list_reader_pools_only_when_asked(bool shareStrings)
    {
        using var stream = new System.IO.MemoryStream(KubeProtobufContext.CoreV1PodList.Encode(Pods(3)));
        var items = new List<Pod>();
        await using (var reader = new ProtobufListStreamReader<Pod>(stream, KubeProtobufContext.CoreV1Pod, shareStrings: shareStrings))
            while (await reader.ReadAsync(default)) items.Add(reader.Current);

        if (shareStrings) AssertShared(items);
        else AssertNotShared(items);
        Assert.Null(ListStringPool.Current);
    }

    [Fact]
    public async Task Protobuf_ListAsync_items_share_repeated_strings_and_equal_the_whole_body_decode()
    {
        byte[] body = KubeProtobufContext.CoreV1PodList.Encode(Pods(3));
        var whole = KubeProtobufContext.CoreV1PodList.Decode(body);

        var list = await Client(() => Responses.Protobuf(HttpStatusCode.OK, body), MediaTypes.Protobuf).ListAsync();

        AssertShared(list.Items!);
        Assert.Equal(KubeProtobufContext.CoreV1PodList.Encode(whole), KubeProtobufContext.CoreV1PodList.Encode(list));
    }

    [Fact]
    public async Task Streamed_table_rows_are_read_without_the_pool()
    {
        var pods = Kube.Client.Tests.Printing.TableBodies.Pods(3);
        string table = Kube.Client.Tests.Printing.TableBodies.Table(pods);
        var client = Client(() => Responses.Ok(table), MediaTypes.Json).Generic;
        var read = new List<Pod>();

        await foreach (var pod in client.ListWithRowsAsync()) read.Add(pod);

        var (row0, row1) = (TableRows.Of(read[0])!, TableRows.Of(read[1])!);
        Assert.Equal("5m", row1.Cells[3]);
        Assert.Equal(row0.Cells[3], row1.Cells[3]);
        Assert.NotSame(row0.Cells[3], row1.Cells[3]);
        Assert.NotSame(read[0].Metadata!.Namespace, read[1].Metadata!.Namespace);
        Assert.Equal(pods.Select(Json.Write), read.Select(Json.Write));
    }

    [Fact]
    public async Task Table_rows_read_with_the_pool_share_their_repeated_cells_and_their_objects_strings()
    {
        var pods = Kube.Client.Tests.Printing.TableBodies.Pods(3);
        using var body = new System.IO.MemoryStream(Encoding.UTF8.GetBytes(Kube.Client.Tests.Printing.TableBodies.Table(pods)));
        var read = new List<Pod>();
        await using (var reader = new JsonTableRowReader<Pod>(body, json => JsonSerializer.Deserialize(json.Span, KubeJsonContext.Default.CoreV1Pod), shareStrings: true))
            while (await reader.ReadAsync(default)) read.Add(reader.Current);

        var (row0, row1) = (TableRows.Of(read[0])!, TableRows.Of(read[1])!);
        Assert.Equal("5m", row1.Cells[3]);
        Assert.Same(row0.Cells[3], row1.Cells[3]);
        Assert.NotSame(row0.Cells[0], row1.Cells[0]);
        Assert.Same(read[0].Metadata!.Namespace, read[1].Metadata!.Namespace);
        Assert.Equal(pods.Select(Json.Write), read.Select(Json.Write));
        Assert.Null(ListStringPool.Current);
    }

    [Fact]
    public void Outside_a_list_decode_strings_are_not_shared()
    {
        string json = Json.Write(Pods(1).Items![0]);

        var a = JsonSerializer.Deserialize(json, KubeJsonContext.Default.CoreV1Pod)!;
        var b = JsonSerializer.Deserialize(json, KubeJsonContext.Default.CoreV1Pod)!;

        Assert.Equal(a.Metadata!.Namespace, b.Metadata!.Namespace);
        Assert.NotSame(a.Metadata.Namespace, b.Metadata.Namespace);
        Assert.Null(ListStringPool.Current);
    }

    [Fact]
    public void The_pool_returns_each_text_whatever_lands_on_its_slot()
    {
        var pool = new ListStringPool();
        var texts = Enumerable.Range(0, 20_000).Select(i => "text-" + i.ToString(CultureInfo.InvariantCulture)).ToList();

        foreach (string text in texts.Concat(texts).Concat(new[] { "", new string('x', ListStringPool.MaxLength) }))
            Assert.Equal(text, pool.Get(Encoding.ASCII.GetBytes(text)));
        Assert.Null(pool.Get(Encoding.ASCII.GetBytes(new string('x', ListStringPool.MaxLength + 1))));
        Assert.Null(pool.Get(Encoding.UTF8.GetBytes("é")));
        Assert.Same(pool.Get("same"u8), pool.Get("same"u8));
    }

    [Fact]
    public void Scopes_nest_and_restore_the_pool_before_them()
    {
        var outer = new ListStringPool();
        var inner = new ListStringPool();

        using (outer.Enter())
        {
            using (inner.Enter()) Assert.Same(inner, ListStringPool.Current);
            Assert.Same(outer, ListStringPool.Current);
        }
        Assert.Null(ListStringPool.Current);
    }
}
