using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Printing;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Printing;

public sealed class JsonTableRowReaderTests
{
    private static async Task<(List<Pod> Pods, List<TableRow?> Rows, JsonTableRowReader<Pod> Reader)> ReadAllAsync(Stream body, int initialSize = 64 * 1024)
    {
        var reader = new JsonTableRowReader<Pod>(body, json => JsonSerializer.Deserialize(json.Span, KubeJsonContext.Default.CoreV1Pod), initialSize);
        var pods = new List<Pod>();
        var rows = new List<TableRow?>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            pods.Add(reader.Current);
            rows.Add(reader.CurrentRow);
        }
        await reader.DisposeAsync();
        return (pods, rows, reader);
    }

    public static TheoryData<int> ChunkSizes => new() { 1, 3, 17, 512, 4096, 1 << 20 };

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Rows_decode_to_the_objects_with_their_cells_whatever_the_chunk_boundaries(int chunkSize)
    {
        var pods = TableBodies.Pods(9);
        byte[] body = Encoding.UTF8.GetBytes(TableBodies.Table(pods, "next"));

        var (read, rows, reader) = await ReadAllAsync(ChunkedStream.Split(body, chunkSize), initialSize: 256);

        Assert.Equal(pods.Select(Json.Write), read.Select(Json.Write));
        Assert.Equal(("42", "next"), (reader.Metadata!.ResourceVersion, reader.Metadata.Continue));
        Assert.Equal(new[] { "NAME", "READY", "RESTARTS", "AGE", "IP" }, reader.Layout!.Columns.Select(c => c.Header));
        Assert.Equal(1, reader.Layout.Columns[4].Priority);
        for (int i = 0; i < pods.Count; i++)
        {
            var row = rows[i]!;
            Assert.Same(reader.Layout, row.Layout);
            Assert.Equal($"pod-{i}", row.Text(0));
            Assert.Equal((long)i, row[2]);
            Assert.Equal(i % 3 == 0 ? "" : "10.0.0." + i, row.Text(4));
            Assert.Same(row, TableRows.Of(read[i]));
        }
    }

    [Fact]
    public async Task A_plain_list_from_a_server_without_tables_reads_as_items_without_rows()
    {
        var pods = TableBodies.Pods(3);
        var list = new PodList { ApiVersion = "v1", Kind = "PodList", Metadata = new ListMeta { ResourceVersion = "7" }, Items = pods };
        byte[] body = Encoding.UTF8.GetBytes(Json.Write(list));

        var (read, rows, reader) = await ReadAllAsync(ChunkedStream.Split(body, 100));

        Assert.Equal(pods.Select(Json.Write), read.Select(Json.Write));
        Assert.All(rows, Assert.Null);
        Assert.All(read, p => Assert.Null(TableRows.Of(p)));
        Assert.Equal(("PodList", "7"), (reader.Kind, reader.Metadata!.ResourceVersion));
    }

    [Fact]
    public async Task Rows_before_any_column_definition_have_no_row()
    {
        var pods = TableBodies.Pods(2);
        byte[] body = Encoding.UTF8.GetBytes(TableBodies.Table(pods, rowsFirst: true));

        var (read, rows, _) = await ReadAllAsync(new MemoryStream(body));

        Assert.Equal(2, read.Count);
        Assert.All(rows, Assert.Null);
    }

    [Fact]
    public async Task A_body_cut_inside_the_rows_is_an_error_that_says_so()
    {
        byte[] body = Encoding.UTF8.GetBytes(TableBodies.Table(TableBodies.Pods(4)));
        var cut = body.Take(body.Length * 2 / 3).ToArray();

        var e = await Assert.ThrowsAsync<JsonException>(() => ReadAllAsync(ChunkedStream.Split(cut, 500)));

        Assert.Contains("ended early", e.Message);
    }

    [Fact]
    public async Task A_row_without_its_object_is_an_error_naming_includeObject()
    {
        string body = """{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{},"columnDefinitions":[{"name":"Name","type":"string","format":"name"}],"rows":[{"cells":["a"],"object":null}]}""";

        var e = await Assert.ThrowsAsync<JsonException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(body))));

        Assert.Contains("includeObject=Object", e.Message);
    }

    [Fact]
    public async Task Unstructured_rows_keep_every_field_of_the_object()
    {
        string body = """{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"5"},"columnDefinitions":[{"name":"Name","type":"string","format":"name"},{"name":"Size","type":"integer"},{"name":"Ratio","type":"number"},{"name":"On","type":"boolean"},{"name":"Tags","type":"string"}],"rows":[{"cells":["w",3,0.25,true,["a","b"]],"object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"ns"},"spec":{"size":3,"unknown":{"x":[1,2]}}}}]}""";
        var reader = new JsonTableRowReader<Unstructured>(new MemoryStream(Encoding.UTF8.GetBytes(body)), json => Unstructured.Parse(json));

        Assert.True(await reader.ReadAsync(CancellationToken.None));
        var w = reader.Current;
        Assert.Equal(3, w.NestedInt64("spec", "size"));
        Assert.Equal("[1,2]", w.NestedField("spec", "unknown", "x")!.ToJsonString());
        var row = TableRows.Of(w)!;
        Assert.Equal(new[] { "w", "3", "0.25", "true", "[a b]" }, Enumerable.Range(0, 5).Select(row.Text));
        Assert.False(await reader.ReadAsync(CancellationToken.None));
    }
}
