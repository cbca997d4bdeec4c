using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.Serialization;
using Kube.Client.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.Tests.Models;

/// <summary>
/// fieldsV1 is kept as the compact text it was read as (RawJson) until someone reads it. For random
/// JSON values (escapes, non-ASCII, odd numbers, nesting, whitespace, split across buffer segments)
/// the text kept must be exactly the compact JSON, the element made from it must equal the parsed
/// value, and a model must write it back unchanged.
/// </summary>
public sealed class RawJsonTests
{
    private readonly ITestOutputHelper _output;

    public RawJsonTests(ITestOutputHelper output) => _output = output;

    private static int Seed() => int.TryParse(Environment.GetEnvironmentVariable("KUBE_PROPERTY_SEED"), out int seed) ? seed : Environment.TickCount;

    private static int Cases(int quick) => int.TryParse(Environment.GetEnvironmentVariable("KUBE_PROPERTY_CASES"), out int cases) ? cases : quick;

    [Fact]
    public void Any_value_is_kept_as_its_compact_text_and_reads_as_the_same_element()
    {
        int seed = Seed();
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int i = 0; i < Cases(1000); i++)
        {
            string compact = UnstructuredBytesPropertyTests.RandomValue(random, 0);
            string json = random.Next(2) == 0 ? UnstructuredBytesPropertyTests.Spaced(compact) : compact;
            string what = $"seed {seed}, case {i}: {json}";
            byte[] bytes = Encoding.UTF8.GetBytes(json);

            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            var raw = RawJson.Read(ref reader);
            Assert.True(compact == Encoding.UTF8.GetString(raw.Utf8!), $"{what}\n kept: {Encoding.UTF8.GetString(raw.Utf8!)}");
            Assert.False(reader.Read(), $"{what}\n the reader was not left on the value's last token");

            // The same from a reader over many small segments (a stream's buffers).
            var split = new Utf8JsonReader(Segments(bytes, random.Next(1, 4)));
            split.Read();
            Assert.True(compact == Encoding.UTF8.GetString(RawJson.Read(ref split).Utf8!), $"{what}\n (split into segments)");

            using var expected = JsonDocument.Parse(json);
            Assert.True(Compact(expected.RootElement) == Compact(raw.Element), $"{what}\n element: {Compact(raw.Element)}");
        }
    }

    [Fact]
    public void A_managed_fields_entry_writes_its_fieldsV1_as_the_element_would_before_and_after_it_is_read()
    {
        const string json = "{\"apiVersion\":\"v1\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{},\"f:image\":{}}},\"n\":[1.50,-0,1e3,true,false,null,\"\\u00e9\\n<\"]}},\"manager\":\"kubectl\",\"operation\":\"Update\",\"time\":\"2026-01-01T00:00:00Z\"}";
        using var expected = JsonDocument.Parse(json);
        var asElement = new ManagedFieldsEntry { FieldsV1 = expected.RootElement.GetProperty("fieldsV1").Clone() };

        var entry = Json.Read<ManagedFieldsEntry>(json);

        string written = Json.Write(entry);
        JsonTree.AssertEquivalent(json, written);
        // The writer escapes as it would have escaped the element (the quotes in the key as \u0022).
        Assert.Contains(Json.Write(asElement).Substring(1, Json.Write(asElement).Length - 2), written);
        Assert.Equal("k:{\"name\":\"web\"}", entry.FieldsV1!.Value.GetProperty("f:spec").GetProperty("f:containers").EnumerateObject().Single().Name);
        Assert.Equal(written, Json.Write(entry));
    }

    [Fact]
    public void FieldsV1_set_as_an_element_or_null_is_written_as_set()
    {
        using var doc = JsonDocument.Parse("{\"f:data\":{\"f:k\":{}}}");
        var entry = new ManagedFieldsEntry { Manager = "m", FieldsV1 = doc.RootElement.Clone() };

        Assert.Equal("{\"fieldsV1\":{\"f:data\":{\"f:k\":{}}},\"manager\":\"m\"}", Json.Write(entry));
        entry.FieldsV1 = null;
        Assert.Null(entry.FieldsV1);
        Assert.Equal("{\"manager\":\"m\"}", Json.Write(entry));
        Assert.Null(Json.Read<ManagedFieldsEntry>("{\"fieldsV1\":null}").FieldsV1);
    }

    [Fact]
    public void A_pod_read_from_a_stream_keeps_its_managed_fields_exactly()
    {
        string json = TestFiles.ReadTestData("pod-1.20.json");
        var pod = Json.Read<Pod>(json);
        Assert.NotNull(pod.Metadata!.ManagedFields![0].FieldsV1Text!.Utf8);

        // Read from a stream in small buffers too.
        var streamed = JsonSerializer.Deserialize(new MemoryStream(Encoding.UTF8.GetBytes(json)), KubeJsonContext.Default.CoreV1Pod)!;

        Assert.Equal(Json.Write(pod), Json.Write(streamed));
        JsonTree.AssertEquivalent(json, Json.Write(pod));
    }

    [Fact]
    public void Many_threads_reading_FieldsV1_first_see_the_same_value()
    {
        var entry = Json.Read<ManagedFieldsEntry>("{\"fieldsV1\":{\"f:a\":{\"f:b\":{}}}}");
        var texts = new string[16];
        Parallel.For(0, texts.Length, i => texts[i] = entry.FieldsV1!.Value.GetRawText());
        Assert.All(texts, t => Assert.Equal("{\"f:a\":{\"f:b\":{}}}", t));
    }

    private static string Compact(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) element.WriteTo(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        if (bytes.Length == 0) return ReadOnlySequence<byte>.Empty;
        Segment first = new(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0), last = first;
        for (int start = size; start < bytes.Length; start += size)
            last = last.Append(bytes.AsMemory(start, Math.Min(size, bytes.Length - start)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
