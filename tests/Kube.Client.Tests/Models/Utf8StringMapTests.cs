using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.Serialization;
using Kube.Client.Tests.Support;
using Kube.Client.Yaml;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.Tests.Models;

/// <summary>
/// ConfigMap.data is kept as UTF-8 (Utf8StringMap) until someone reads it. For random maps (escapes,
/// non-ASCII, surrogate pairs, empty and null values, long values, split across buffer segments) a
/// ConfigMap read from JSON must write exactly what it wrote when data was a plain dictionary, read
/// as the same dictionary in the same order, and round-trip through protobuf, YAML and Unstructured.
/// </summary>
public sealed class Utf8StringMapTests
{
    private readonly ITestOutputHelper _output;

    public Utf8StringMapTests(ITestOutputHelper output) => _output = output;

    private static int Seed() => int.TryParse(Environment.GetEnvironmentVariable("KUBE_PROPERTY_SEED"), out int seed) ? seed : Environment.TickCount;

    private static int Cases(int quick) => int.TryParse(Environment.GetEnvironmentVariable("KUBE_PROPERTY_CASES"), out int cases) ? cases : quick;

    private static readonly string[] Pieces =
    {
        "a", "key", "application.properties", "é", "日本", "😀", "\"", "\\", "/", "\n", "\t", "\u0001", "<", ">", "&", "+", "'", " ", "=", "\u2028", "x=1\n",
    };

    private static string RandomText(Random random, int maxPieces)
    {
        var text = new StringBuilder();
        int n = random.Next(0, maxPieces + 1);
        for (int i = 0; i < n; i++) text.Append(Pieces[random.Next(Pieces.Length)]);
        return text.ToString();
    }

    private static Dictionary<string, string> RandomMap(Random random)
    {
        var map = new Dictionary<string, string>();
        int count = random.Next(0, 12);
        for (int i = 0; i < count; i++)
        {
            string key = RandomText(random, 4) + i;
            map[key] = random.Next(10) switch
            {
                0 => null!,
                1 => "",
                2 => RandomText(random, 3000),
                _ => RandomText(random, 20),
            };
        }
        return map;
    }

    /// <summary>What the model wrote before data was kept as UTF-8: the dictionary's own JSON (through the same options), between apiVersion and kind.</summary>
    private static string DictionaryJson(Dictionary<string, string> data) =>
        "{\"apiVersion\":\"v1\",\"data\":" + JsonSerializer.Serialize(data, KubeJsonContext.Default.MapOfString) + ",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"}}";

    [Fact]
    public void Any_map_reads_and_writes_as_the_dictionary_did()
    {
        int seed = Seed();
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int i = 0; i < Cases(500); i++)
        {
            var data = RandomMap(random);
            string expected = DictionaryJson(data);
            string what = $"seed {seed}, case {i}: {expected}";

            // Read from JSON: kept as UTF-8, written back unchanged without making the dictionary.
            var cm = Json.Read<ConfigMap>(expected);
            Assert.NotNull(cm.DataUtf8!.Utf8);
            Assert.True(expected == Json.Write(cm), $"{what}\n wrote: {Json.Write(cm)}");
            Assert.NotNull(cm.DataUtf8!.Utf8);

            // Split over small buffer segments (a stream's buffers), as the list readers see it.
            byte[] bytes = Encoding.UTF8.GetBytes(expected);
            var split = new Utf8JsonReader(Segments(bytes, random.Next(1, 9)));
            var fromSegments = JsonSerializer.Deserialize(ref split, KubeJsonContext.Default.CoreV1ConfigMap)!;
            Assert.True(expected == Json.Write(fromSegments), $"{what}\n (split into segments)");

            // Read as the dictionary: the same pairs in the same order; then written from it, the same JSON.
            Assert.Equal(data.ToList(), cm.Data!.ToList());
            Assert.Null(cm.DataUtf8!.Utf8);
            Assert.True(expected == Json.Write(cm), $"{what}\n (after reading)");

            // Protobuf: encoded from the never-read map and from the dictionary alike, decoded to the same map.
            var fresh = Json.Read<ConfigMap>(expected);
            var decoded = KubeProtobufContext.CoreV1ConfigMap.Decode(KubeProtobufContext.CoreV1ConfigMap.Encode(fresh));
            // (Protobuf has no null map value: a null reads back empty, as it always has; the writer
            // orders keys as Go does.)
            var expectedFromProtobuf = data.Select(p => KeyValuePair.Create(p.Key, p.Value ?? "")).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            Assert.True(expectedFromProtobuf.SequenceEqual((decoded.Data ?? new()).OrderBy(p => p.Key, StringComparer.Ordinal)), $"{what}\n (protobuf; an empty map reads back as none)");
            Assert.Equal(KubeProtobufContext.CoreV1ConfigMap.Encode(cm), KubeProtobufContext.CoreV1ConfigMap.Encode(Json.Read<ConfigMap>(expected)));
        }
    }

    [Fact]
    public void A_key_given_twice_keeps_the_last_value_in_the_first_place_as_the_dictionary_reader_does()
    {
        var cm = Json.Read<ConfigMap>("""{"data":{"a":"1","b":"2","a":"3"}}""");

        Assert.Equal(new[] { KeyValuePair.Create("a", "3"), KeyValuePair.Create("b", "2") }, cm.Data!.ToArray());
        Assert.Equal("""{"apiVersion":"v1","data":{"a":"3","b":"2"},"kind":"ConfigMap"}""", Json.Write(cm));
    }

    [Theory]
    [InlineData("""{"data":{"port":8080}}""", "\"port\"", "a number")]
    [InlineData("""{"data":{"on":true}}""", "\"on\"", "a boolean")]
    [InlineData("""{"data":{"nested":{"a":"b"}}}""", "\"nested\"", "an object")]
    [InlineData("""{"data":["a"]}""", "map of strings", "an array")]
    public void A_value_that_is_not_a_string_is_a_clear_error(string json, string names, string found)
    {
        var e = Assert.Throws<JsonException>(() => Json.Read<ConfigMap>(json));

        Assert.Contains(names, e.Message);
        Assert.Contains(found, e.Message);
        Assert.Equal("$.data", e.Path);
    }

    [Fact]
    public void The_dictionary_read_is_the_value_from_then_on_and_changes_to_it_are_kept()
    {
        var cm = Json.Read<ConfigMap>("""{"data":{"a":"1"}}""");

        var data = cm.Data!;
        data["b"] = "2";
        data.Remove("a");

        Assert.Same(data, cm.Data);
        Assert.Equal("""{"apiVersion":"v1","data":{"b":"2"},"kind":"ConfigMap"}""", Json.Write(cm));
        var yaml = KubeYaml.Write(cm);
        Assert.Contains("  b: ", yaml);
        Assert.DoesNotContain("\n  a:", yaml);
    }

    [Fact]
    public void A_dictionary_set_is_the_one_read_and_null_stays_null()
    {
        var map = new Dictionary<string, string> { ["k"] = "v" };
        var cm = new ConfigMap { Data = map };

        Assert.Same(map, cm.Data);
        cm.Data = null;
        Assert.Null(cm.Data);
        Assert.Null(Json.Read<ConfigMap>("""{"data":null}""").Data);
        Assert.Empty(Json.Read<ConfigMap>("""{"data":{}}""").Data!);
    }

    [Fact]
    public async Task Racing_first_reads_get_one_dictionary()
    {
        for (int i = 0; i < 50; i++)
        {
            var cm = Json.Read<ConfigMap>("""{"data":{"a":"1","b":"2"}}""");
            var maps = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => cm.Data)));
            Assert.All(maps, m => Assert.Same(maps[0], m));
            Assert.Equal("2", maps[0]!["b"]);
        }
    }

    [Fact]
    public void Unstructured_and_yaml_see_the_same_data()
    {
        const string json = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a.txt":"line 1\nline 2\n","é":"😀"}}""";
        var cm = Json.Read<ConfigMap>(json);

        var unstructured = UnstructuredConverter.ToUnstructured(cm);
        var back = UnstructuredConverter.FromUnstructured<ConfigMap>(unstructured);

        Assert.Equal(Json.Write(Json.Read<ConfigMap>(json)), Json.Write(back));
        Assert.Equal("line 1\nline 2\n", back.Data!["a.txt"]);
        var dictionary = new ConfigMap { Metadata = new ObjectMeta { Name = "cm" }, Data = new() { ["a.txt"] = "line 1\nline 2\n", ["é"] = "😀" } };
        Assert.Equal(KubeYaml.Write(dictionary), KubeYaml.Write(Json.Read<ConfigMap>(json)));
        Assert.NotNull(cm.DataUtf8!.Utf8);
    }

    [Fact]
    public void Sharing_strings_leaves_the_map_unread()
    {
        var strings = new SharedStrings();
        var cm = strings.ShareObject(Json.Read<ConfigMap>("""{"metadata":{"name":"a","namespace":"n"},"data":{"a":"1"}}"""));

        Assert.NotNull(cm.DataUtf8!.Utf8);
        Assert.Equal("1", cm.Data!["a"]);
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
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
