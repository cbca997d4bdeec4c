using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;
using Kube.Client.Models;
using Kube.Client.Tests.Fakes;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.Tests.Models;

/// <summary>
/// <see cref="UnstructuredList.ParseAsync"/> reads items as the body arrives. Whatever sizes the reads
/// come in (one byte at a time included), the list read must be the one the JSON tree makes of the
/// same text, and a bad body must fail with the same words as when it is read from memory.
/// </summary>
public sealed class UnstructuredListStreamTests
{
    private readonly ITestOutputHelper _output;

    public UnstructuredListStreamTests(ITestOutputHelper output) => _output = output;

    private static int Seed() => int.TryParse(Environment.GetEnvironmentVariable("KUBE_PROPERTY_SEED"), out int seed) ? seed : Environment.TickCount;

    private static int Cases(int quick) => int.TryParse(Environment.GetEnvironmentVariable("KUBE_PROPERTY_CASES"), out int cases) ? cases : quick;

    [Fact]
    public async Task A_list_read_in_reads_of_any_size_is_the_list_of_the_tree()
    {
        int seed = Seed();
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int i = 0; i < Cases(300); i++)
        {
            string json = RandomList(random);
            byte[] body = Encoding.UTF8.GetBytes(json);
            string what = $"seed {seed}, case {i}: {json}";
            string expected = ExpectedJson(json);

            var streamed = await UnstructuredList.ParseAsync(RandomReads(random, body));
            var inMemory = UnstructuredList.Parse(body);

            Assert.True(expected == streamed.ToJson(), $"{what}\n expected {expected}\n streamed {streamed.ToJson()}");
            Assert.True(expected == inMemory.ToJson(), $"{what}\n expected {expected}\n in memory {inMemory.ToJson()}");
            var tree = UnstructuredJson.ParseObject(expected, "The list");
            var treeItems = (JsonArray)tree["items"]!;
            Assert.Equal(treeItems.Count, streamed.Items.Count);
            for (int k = 0; k < streamed.Items.Count; k++)
            {
                // Each item holds its own checked JSON, not a tree.
                Assert.True(streamed.Items[k].TryGetJson(out _), $"{what}\n item {k} was opened as a tree while read");
                Assert.Equal(Encoding.UTF8.GetString(UnstructuredJson.ToUtf8Bytes(treeItems[k]!)), streamed.Items[k].ToJson());
            }
            Assert.Equal(Text(tree, "metadata", "resourceVersion"), streamed.ResourceVersion);
            Assert.Equal(Text(tree, "metadata", "continue"), streamed.Continue);
        }
    }

    [Fact]
    public async Task A_bad_body_fails_alike_whatever_the_reads_and_never_as_an_unexplained_error()
    {
        int seed = Seed();
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        int failures = 0;
        for (int i = 0; i < Cases(300); i++)
        {
            byte[] body = Corrupt(random, Encoding.UTF8.GetBytes(RandomList(random)));
            string what = $"seed {seed}, case {i}: {Encoding.UTF8.GetString(body)}";
            JsonException? inMemory = null;
            try
            {
                UnstructuredList.Parse(body);
            }
            catch (JsonException e)
            {
                inMemory = e;
            }
            JsonException? streamed = null;
            try
            {
                await UnstructuredList.ParseAsync(RandomReads(random, body));
            }
            catch (JsonException e)
            {
                streamed = e;
            }
            Assert.True((inMemory is null) == (streamed is null), $"{what}\n in memory: {inMemory?.Message ?? "read"}\n streamed: {streamed?.Message ?? "read"}");
            if (inMemory is null) continue;
            failures++;
            Assert.True(Words(inMemory) == Words(streamed!), $"{what}\n in memory: {inMemory.Message}\n streamed: {streamed!.Message}");
            Assert.StartsWith("The list ", inMemory.Message);
        }
        Assert.True(failures > Cases(300) / 3, $"seed {seed}: only {failures} corrupted bodies failed");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task A_huge_item_grows_the_buffer_and_is_kept_whole(int readSize)
    {
        string big = new string('x', 3 * 1024 * 1024);
        string json = "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[" +
            "{\"metadata\":{\"name\":\"small\"}},{\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + big + "\"}},{\"metadata\":{\"name\":\"after\"}}]}";
        var body = Encoding.UTF8.GetBytes(json);

        var list = await UnstructuredList.ParseAsync(ChunkedStream.Split(body, readSize == 1 ? 1 << 20 : readSize));

        Assert.Equal(new[] { "small", "big", "after" }, list.Items.Select(i => i.Name));
        Assert.Equal(big, list.Items[1].NestedString("data", "k"));
        Assert.True(list.Items[2].TryGetJson(out var last));
        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"after\"}}", Encoding.UTF8.GetString(last));
    }

    [Theory]
    [InlineData("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}", 0)]
    [InlineData("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":null,\"metadata\":{}}", 0)]
    [InlineData("{\"kind\":\"PodList\",\"apiVersion\":\"v1\"}", 0)]
    [InlineData("{}", 0)]
    [InlineData("  {\"items\":[ {} , {\"a\":[[],[[1]]]} ]}\n\n", 2)]
    public async Task Empty_null_absent_and_spaced_items_read_as_the_tree(string json, int count)
    {
        var list = await UnstructuredList.ParseAsync(ChunkedStream.Split(Encoding.UTF8.GetBytes(json), 1));

        Assert.Equal(count, list.Items.Count);
        Assert.Equal(ExpectedJson(json), list.ToJson());
    }

    [Fact]
    public async Task Items_before_the_list_type_get_it_once_the_list_has_ended()
    {
        // Go writes a map's keys in order: a list served from one (a custom resource's) has "items" before "kind".
        const string json = "{\"apiVersion\":\"example.com/v1\",\"items\":[{\"metadata\":{\"name\":\"w\"}},{\"kind\":\"Other\",\"metadata\":{\"name\":\"o\"}}],\"kind\":\"WidgetList\",\"metadata\":{\"continue\":\"c\",\"remainingItemCount\":3,\"resourceVersion\":\"77\"},\"x-unknown\":[1,{\"y\":null}]}";

        var list = await UnstructuredList.ParseAsync(ChunkedStream.Split(Encoding.UTF8.GetBytes(json), 3));

        Assert.Equal("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}", list.Items[0].ToJson());
        Assert.Equal("{\"kind\":\"Other\",\"metadata\":{\"name\":\"o\"}}", list.Items[1].ToJson());
        Assert.Equal(("c", 3L, "77"), (list.Continue, list.RemainingItemCount, list.ResourceVersion));
        Assert.Equal("[1,{\"y\":null}]", list.Content["x-unknown"]!.ToJsonString());
        Assert.Equal(json.Replace("{\"metadata\":{\"name\":\"w\"}}", "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}"), list.ToJson());
    }

    [Fact]
    public async Task An_escaped_items_name_is_the_items()
    {
        var list = await UnstructuredList.ParseAsync(ChunkedStream.Split(Encoding.UTF8.GetBytes("{\"\\u0069tems\":[{\"a\":\"\\u00e9\\n\"}],\"kind\":\"XList\"}"), 2));

        Assert.Equal("é\n", Assert.Single(list.Items).NestedString("a"));
    }

    [Theory]
    [InlineData("{\"kind\":\"XList\",\"items\":[{},{\"a\":1,\"a\":2}]}", "The list is not valid: in items[1], which starts at byte 28: The field \"a\" appears more than once in the top level.")]
    [InlineData("{\"kind\":\"XList\",\"items\":[{},null]}", "The list is not valid: items[1] must be an object, but it is null.")]
    [InlineData("{\"items\":[{\"a\":{\"b\":[1,}]}}]}", "The list is not valid JSON: in items[0], which starts at byte 10: ")]
    [InlineData("{\"items\":[{\"a\":1}", "The list is not valid JSON: ")]
    [InlineData("{\"items\":[]} x", "The list is not valid JSON: ")]
    [InlineData("[1,2]", "The list must be a JSON object, but the document is an array.")]
    [InlineData("\"list\"", "The list must be a JSON object, but the document is a string.")]
    [InlineData("[1,2", "The list is not valid JSON: ")]
    [InlineData("", "The list is not valid JSON: ")]
    [InlineData("{\"metadata\":{},\"items\":[],\"metadata\":{}}", "The list is not valid: The field \"metadata\" appears more than once in the top level.")]
    public async Task A_bad_body_names_the_item_and_the_byte(string json, string message)
    {
        foreach (int readSize in new[] { 1, 5, 1 << 16 })
        {
            var e = await Assert.ThrowsAnyAsync<JsonException>(() => UnstructuredList.ParseAsync(ChunkedStream.Split(Encoding.UTF8.GetBytes(json), readSize)));

            Assert.StartsWith(message, e.Message);
        }
        Assert.StartsWith(message, Assert.ThrowsAny<JsonException>(() => UnstructuredList.Parse(json)).Message);
    }

    [Fact]
    public async Task A_syntax_error_deep_in_a_long_body_gives_its_byte_position()
    {
        var items = Enumerable.Range(0, 2000).Select(i => $"{{\"metadata\":{{\"name\":\"item-{i}\"}}}}").ToList();
        items[1500] = "{\"metadata\":{\"name\" \"broken\"}}";
        string json = "{\"kind\":\"XList\",\"items\":[" + string.Join(",", items) + "]}";
        int broken = json.IndexOf("\"broken\"", StringComparison.Ordinal);

        var e = await Assert.ThrowsAnyAsync<JsonException>(() => UnstructuredList.ParseAsync(ChunkedStream.Split(Encoding.UTF8.GetBytes(json), 1000)));

        Assert.Contains($"in items[1500], which starts at byte {json.IndexOf("{\"metadata\":{\"name\" ", StringComparison.Ordinal)}", e.Message);
        Assert.Equal(broken, e.BytePositionInLine);
    }

    [Fact]
    public async Task Invalid_utf8_in_an_item_is_refused_with_its_place()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"items\":[{},{\"a\":\"xx\"}]}");
        int at = Array.IndexOf(body, (byte)'x');
        body[at] = 0xC3;
        body[at + 1] = 0x28;

        var e = await Assert.ThrowsAnyAsync<JsonException>(() => UnstructuredList.ParseAsync(ChunkedStream.Split(body, 3)));

        Assert.Equal($"The list is not valid: in items[1], which starts at byte 13: A string is not valid UTF-8 (at byte {at - 1}).", e.Message);
    }

    [Fact]
    public async Task Cancelling_stops_a_read_waiting_for_the_body()
    {
        using var cancel = new CancellationTokenSource();
        var bytes = Encoding.UTF8.GetBytes("{\"kind\":\"XList\",\"items\":[{\"a\":1},");
        var stream = new GatedStream(bytes, bytes.Length);
        var read = UnstructuredList.ParseAsync(stream, cancel.Token);
        await stream.ReachedGate;

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }

    [Fact]
    public void A_buffer_over_a_mebibyte_goes_back_to_the_garbage_collector_not_the_shared_pool()
    {
        var large = System.Buffers.ArrayPool<byte>.Shared.Rent(PooledBuffers.MaxPooledLength * 4);
        PooledBuffers.Return(large);

        var again = System.Buffers.ArrayPool<byte>.Shared.Rent(PooledBuffers.MaxPooledLength * 4);

        Assert.NotSame(large, again);
        System.Buffers.ArrayPool<byte>.Shared.Return(again);
    }

    /// <summary>A list of random items, with its own members (known and unknown) in random order around "items", or no "items" at all.</summary>
    private static string RandomList(Random random)
    {
        var members = new List<string>();
        if (random.Next(5) > 0) members.Add($"\"apiVersion\":\"{(random.Next(2) == 0 ? "v1" : "example.com/v1")}\"");
        if (random.Next(5) > 0) members.Add($"\"kind\":\"{(random.Next(4) == 0 ? "List" : random.Next(2) == 0 ? "PodList" : "WidgetList")}\"");
        if (random.Next(4) > 0)
            members.Add($"\"metadata\":{{\"resourceVersion\":\"{random.Next()}\"{(random.Next(2) == 0 ? ",\"continue\":\"eyJ2IjoibWV0YS5rOHMuaW8vdjEi\",\"remainingItemCount\":12" : "")}}}");
        if (random.Next(3) == 0) members.Add($"\"x-unknown\":{UnstructuredBytesPropertyTests.RandomValue(random, 1)}");
        int itemsChoice = random.Next(10);
        if (itemsChoice > 0)
        {
            string items = itemsChoice == 1 ? "null"
                : "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(20) == 0 ? Huge(random) : UnstructuredBytesPropertyTests.RandomObject(random, 0, top: random.Next(3) > 0))) + "]";
            members.Insert(random.Next(members.Count + 1), $"\"items\":{items}");
        }
        string json = "{" + string.Join(",", members) + "}";
        return random.Next(4) == 0 ? UnstructuredBytesPropertyTests.Spaced(json) : json;
    }

    /// <summary>An item larger than the reader's first buffer.</summary>
    private static string Huge(Random random) =>
        "{\"metadata\":{\"name\":\"huge\"},\"data\":{" + string.Join(",", Enumerable.Range(0, 200 + random.Next(300)).Select(i => $"\"k{i}\":\"{new string((char)('a' + i % 26), 300)}\\n\"")) + "}}";

    /// <summary>What the list must write: the tree's JSON, with the list's type put first in each item that has none (as client-go does).</summary>
    private static string ExpectedJson(string json)
    {
        var tree = UnstructuredJson.ParseObject(json, "The list");
        string? apiVersion = tree["apiVersion"]?.GetValue<string>();
        string? kind = tree["kind"]?.GetValue<string>();
        if (tree["items"] is JsonArray items && apiVersion is not null && kind is { Length: > 4 } && kind.EndsWith("List", StringComparison.Ordinal))
        {
            foreach (var node in items)
            {
                var item = (JsonObject)node!;
                if (item.ContainsKey("apiVersion") || item.ContainsKey("kind")) continue;
                var members = item.ToList();
                item.Clear();
                item["apiVersion"] = apiVersion;
                item["kind"] = kind.Substring(0, kind.Length - 4);
                foreach (var member in members) item[member.Key] = member.Value;
            }
        }
        // A list writes "items" where it was read, [] for null, and last when there was none.
        if (tree["items"] is null) tree["items"] = new JsonArray();
        return Encoding.UTF8.GetString(UnstructuredJson.ToUtf8Bytes(tree));
    }

    /// <summary>One byte changed, taken out, or the body cut short, at a random place.</summary>
    private static byte[] Corrupt(Random random, byte[] body)
    {
        int at = random.Next(body.Length);
        switch (random.Next(4))
        {
            case 0:
                return body.Take(at).ToArray();
            case 1:
                return body.Take(at).Concat(body.Skip(at + 1)).ToArray();
            case 2:
                var changed = (byte[])body.Clone();
                changed[at] = "{}[]:,\"x1\\ \u00c3"u8.ToArray()[random.Next(13)];
                return changed;
            default:
                return body.Take(at).Concat("\"a\":1,"u8.ToArray()).Concat(body.Skip(at)).ToArray();
        }
    }

    /// <summary>The message without the text the tokenizer quotes from its buffer (as far as the buffer goes, which depends on the reads).</summary>
    private static string Words(JsonException e) =>
        System.Text.RegularExpressions.Regex.Replace(e.Message, "'[^']*' is an invalid JSON literal", "'...' is an invalid JSON literal") + $" ({e.LineNumber}, {e.BytePositionInLine})";

    private static ChunkedStream RandomReads(Random random, byte[] body)
    {
        var chunks = new List<byte[]>();
        int largest = random.Next(4) switch { 0 => 1, 1 => 8, 2 => 300, _ => 70_000 };
        // An item is scanned again from its start after each read that does not complete it: tiny reads of a huge item only cost time.
        if (body.Length > 20_000) largest = Math.Max(largest, 1000);
        for (int i = 0; i < body.Length;)
        {
            int n = Math.Min(body.Length - i, 1 + random.Next(largest));
            chunks.Add(body.AsSpan(i, n).ToArray());
            i += n;
        }
        return new ChunkedStream(chunks);
    }

    private static string? Text(JsonObject tree, string a, string b) => (tree[a] as JsonObject)?[b]?.GetValue<string>();
}
