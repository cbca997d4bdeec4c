using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Serialization.Protobuf;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Kube.Client.Typed.CoreV1;
using Xunit;

namespace Kube.Client.Tests.Rest;

/// <summary>
/// A protobuf list read item by item from the stream (ListAsync and ListItemsAsync of a protobuf
/// client) decodes to exactly what the list codec makes of the whole body.
/// </summary>
public sealed class ProtobufListStreamTests
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

    private static byte[] Body(PodList list) => KubeProtobufContext.CoreV1PodList.Encode(list);

    private static async Task<(List<Pod> Items, ProtobufListStreamReader<Pod> Reader)> ReadAllAsync(Stream stream, int initialSize = 64 * 1024)
    {
        var reader = new ProtobufListStreamReader<Pod>(stream, KubeProtobufContext.CoreV1Pod, initialSize);
        var items = new List<Pod>();
        while (await reader.ReadAsync(CancellationToken.None)) items.Add(reader.Current);
        return (items, reader);
    }

    private static void AssertSameItems(IEnumerable<Pod> expected, IEnumerable<Pod> actual) =>
        Assert.Equal(expected.Select(p => Convert.ToBase64String(KubeProtobufContext.CoreV1Pod.Encode(WithType(p)))), actual.Select(p => Convert.ToBase64String(KubeProtobufContext.CoreV1Pod.Encode(WithType(p)))));

    private static Pod WithType(Pod pod)
    {
        pod.ApiVersion ??= "v1";
        pod.Kind ??= "Pod";
        return pod;
    }

    private static PodsClient ProtobufPods(byte[] body, int requests = 1)
    {
        var handler = new FakeHttpHandler();
        for (int i = 0; i < requests; i++) handler.Respond(_ => Responses.Protobuf(HttpStatusCode.OK, body));
        return new Clientset(TestRest.Create(handler, contentType: MediaTypes.Protobuf)).CoreV1().Pods("ns");
    }

    public static TheoryData<int> ChunkSizes => new() { 1, 2, 3, 7, 13, 64, 1000, 4096, 1 << 20 };

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Streamed_items_equal_the_whole_body_decode_whatever_the_chunk_boundaries(int chunkSize)
    {
        byte[] body = Body(Pods(12, "next-page"));
        var whole = KubeProtobufContext.CoreV1PodList.Decode(body);

        var (items, reader) = await ReadAllAsync(ChunkedStream.Split(body, chunkSize));

        AssertSameItems(whole.Items!, items);
        Assert.Equal(("42", "next-page"), (reader.Metadata!.ResourceVersion, reader.Metadata.Continue));
        Assert.Equal(("v1", "PodList"), (reader.ApiVersion, reader.Kind));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(100)]
    public async Task An_item_larger_than_the_buffer_grows_it(int chunkSize)
    {
        byte[] body = Body(Pods(3));
        var whole = KubeProtobufContext.CoreV1PodList.Decode(body);

        var (items, _) = await ReadAllAsync(ChunkedStream.Split(body, chunkSize), initialSize: 16);

        AssertSameItems(whole.Items!, items);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task ListAsync_over_a_streamed_protobuf_body_re_encodes_byte_for_byte_unknown_list_fields_included(int chunkSize)
    {
        // Field 9 of the list message and field 7 of the envelope are unknown to every reader here.
        byte[] body = WithUnknownFields(Body(Pods(5, "more")));
        var whole = KubeProtobufContext.CoreV1PodList.Decode(body);
        var handler = new FakeHttpHandler().Respond(_ => new System.Net.Http.HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new System.Net.Http.StreamContent(ChunkedStream.Split(body, chunkSize))
            {
                Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MediaTypes.Protobuf) },
            },
        });

        var list = await new Clientset(TestRest.Create(handler, contentType: MediaTypes.Protobuf)).CoreV1().Pods("ns").ListAsync();

        Assert.Equal(5, list.Items!.Count);
        Assert.Equal(("v1", "PodList", "42", "more"), (list.ApiVersion, list.Kind, list.Metadata!.ResourceVersion, list.Metadata.Continue));
        Assert.Equal(KubeProtobufContext.CoreV1PodList.Encode(whole), KubeProtobufContext.CoreV1PodList.Encode(list));
        Assert.Equal(Json.Write(whole), Json.Write(list));
    }

    [Fact]
    public async Task An_empty_list_yields_nothing_and_keeps_its_metadata()
    {
        byte[] body = Body(new PodList { ApiVersion = "v1", Kind = "PodList", Metadata = new ListMeta { ResourceVersion = "7" }, Items = new List<Pod>() });

        var list = await ProtobufPods(body).ListAsync();
        var (items, reader) = await ReadAllAsync(new MemoryStream(body));

        Assert.Empty(list.Items!);
        Assert.Equal("7", list.Metadata!.ResourceVersion);
        Assert.Empty(items);
        Assert.Equal("7", reader.Metadata!.ResourceVersion);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(1)]
    public async Task A_body_cut_inside_the_list_is_an_error_not_a_short_list(int cutBytes)
    {
        byte[] body = Body(Pods(2));
        // The envelope's contentEncoding and contentType (2 bytes each) follow the list: cut into the list itself.
        byte[] cut = body.AsSpan(0, body.Length - 4 - cutBytes).ToArray();

        var e = await Assert.ThrowsAsync<ProtobufException>(() => ReadAllAsync(ChunkedStream.Split(cut, 50)));
        var viaClient = await Assert.ThrowsAsync<ProtobufException>(() => ProtobufPods(cut).ListAsync());

        Assert.Contains("ended early", e.Message);
        Assert.Contains("GET /api/v1/namespaces/ns/pods", viaClient.Message);
    }

    [Fact]
    public async Task A_body_without_the_magic_is_refused_saying_what_it_starts_with()
    {
        var e = await Assert.ThrowsAsync<ProtobufException>(() => ReadAllAsync(new MemoryStream(new byte[] { (byte)'{', (byte)'}' })));

        Assert.Contains("k8s", e.Message);
        Assert.Contains("2 bytes starting 7b 7d", e.Message);
    }

    [Fact]
    public async Task A_protobuf_list_of_another_kind_is_refused_by_ListAsync()
    {
        byte[] body = KubeProtobufContext.CoreV1ConfigMapList.Encode(new ConfigMapList { ApiVersion = "v1", Kind = "ConfigMapList", Metadata = new ListMeta(), Items = new List<ConfigMap>() });

        var e = await Assert.ThrowsAsync<ProtobufException>(() => ProtobufPods(body).ListAsync());

        Assert.Contains("GET /api/v1/namespaces/ns/pods", e.Message);
        Assert.Contains("ConfigMapList", e.Message);
    }

    [Fact]
    public async Task A_content_encoding_the_client_cannot_read_is_refused()
    {
        byte[] body = Body(Pods(1));
        // Replace the empty contentEncoding (the 2 bytes before the last 2) with "gzip".
        var patched = new List<byte>(body.AsSpan(0, body.Length - 4).ToArray()) { 3 << 3 | 2, 4, (byte)'g', (byte)'z', (byte)'i', (byte)'p', 4 << 3 | 2, 0 };

        var e = await Assert.ThrowsAsync<ProtobufException>(() => ReadAllAsync(new MemoryStream(patched.ToArray())));

        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public async Task The_first_item_is_decoded_before_the_rest_of_the_body_arrives()
    {
        byte[] body = Body(Pods(3));
        var gated = new GatedStream(body, body.Length / 2);
        await using var reader = new ProtobufListStreamReader<Pod>(gated, KubeProtobufContext.CoreV1Pod);

        Assert.True(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal("pod-0", reader.Current.Metadata!.Name);
        Assert.False(gated.Released);
        gated.Release();
        int rest = 0;
        while (await reader.ReadAsync(CancellationToken.None)) rest++;
        Assert.Equal(2, rest);
    }

    /// <summary>The body with an unknown field added to the list message (and one to the envelope), lengths fixed up.</summary>
    private static byte[] WithUnknownFields(byte[] body)
    {
        var envelope = ProtobufEnvelope.Read(body);
        byte[] raw = envelope.Raw.ToArray();
        using var list = new ProtobufWriter();
        list.WriteRaw(raw);
        list.WriteString(9 << 3 | 2, "a field from a newer server");
        byte[] newRaw = list.WrittenSpan.ToArray();
        using var writer = new ProtobufWriter();
        ProtobufEnvelope.Write(writer, envelope.ApiVersion, envelope.Kind, newRaw, static (w, r) => w.WriteRaw(r));
        writer.WriteString(7 << 3 | 2, "an envelope field from a newer server");
        return writer.WrittenSpan.ToArray();
    }
}
