using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Kube.Client.Models;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.Tests.Models;

/// <summary>
/// An Unstructured read from JSON keeps its bytes until its tree is needed. For random objects
/// (escapes, non-ASCII, big and odd numbers, nulls, wrong types where metadata's fields belong,
/// whitespace), the unopened object must behave exactly as the tree built from the same text:
/// same accessors (values and errors), same JSON written, equal and hashing alike, in lists too.
/// </summary>
public sealed class UnstructuredBytesPropertyTests
{
    private readonly ITestOutputHelper _output;

    public UnstructuredBytesPropertyTests(ITestOutputHelper output) => _output = output;

    /// <summary>KUBE_PROPERTY_SEED replays one seed; KUBE_PROPERTY_CASES runs more cases (the default keeps the suite quick).</summary>
    private static int Seed() => int.TryParse(Environment.GetEnvironmentVariable("KUBE_PROPERTY_SEED"), out int seed) ? seed : Environment.TickCount;

    private static int Cases(int quick) => int.TryParse(Environment.GetEnvironmentVariable("KUBE_PROPERTY_CASES"), out int cases) ? cases : quick;

    [Fact]
    public void An_unopened_object_reads_and_writes_as_its_tree()
    {
        int seed = Seed();
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int i = 0; i < Cases(400); i++)
        {
            string json = RandomObject(random, depth: 0, top: true);
            if (random.Next(4) == 0) json = Spaced(json);
            var bytes = Unstructured.Parse(json);
            var tree = new Unstructured(UnstructuredJson.ParseObject(json, "The object"));
            string what = $"seed {seed}, case {i}: {json}";

            Same(what, () => tree.ApiVersion, () => bytes.ApiVersion);
            Same(what, () => tree.Kind, () => bytes.Kind);
            Same(what, () => tree.Name, () => bytes.Name);
            Same(what, () => tree.Namespace, () => bytes.Namespace);
            Same(what, () => tree.Uid, () => bytes.Uid);
            Same(what, () => tree.ResourceVersion, () => bytes.ResourceVersion);
            Same(what, () => tree.Generation?.ToString(CultureInfo.InvariantCulture), () => bytes.Generation?.ToString(CultureInfo.InvariantCulture));
            Same(what, () => tree.CreationTimestamp?.ToString("o", CultureInfo.InvariantCulture), () => bytes.CreationTimestamp?.ToString("o", CultureInfo.InvariantCulture));
            Same(what, () => Text(tree.Labels), () => Text(bytes.Labels));
            Same(what, () => Text(tree.Annotations), () => Text(bytes.Annotations));
            Same(what, () => tree.ToString(), () => bytes.ToString());
            Same(what, () => tree.TryGetGroupVersionKind(out var g) ? g.ToString() : "none", () => bytes.TryGetGroupVersionKind(out var g) ? g.ToString() : "none");
            Assert.True(tree.ToJson() == bytes.ToJson(), $"{what}\n{FirstDifference(tree.ToJson(), bytes.ToJson())}");
            Assert.True(tree.ToJson(indented: true) == bytes.ToJson(indented: true), $"{what}\n{FirstDifference(tree.ToJson(indented: true), bytes.ToJson(indented: true))}");
            Assert.True(tree.GetHashCode() == bytes.GetHashCode(), $"{what}\n hash: tree {tree.GetHashCode()}, bytes {bytes.GetHashCode()}");
            var copy = bytes.DeepCopy();
            Assert.True(copy.Equals(tree), $"{what}\n an unopened copy does not equal the tree");
            Assert.True(tree.Equals(copy), $"{what}\n the tree does not equal an unopened copy");
            Assert.True(copy.Equals(bytes), $"{what}\n the copy does not equal its original");
            // Opening the tree changes nothing that can be seen.
            Assert.True(bytes.Content.Count == tree.Content.Count, $"{what}\n members: tree {tree.Content.Count}, bytes {bytes.Content.Count}");
            Assert.True(tree.ToJson() == bytes.ToJson(), $"{what}\n{FirstDifference(tree.ToJson(), bytes.ToJson())}");
            Assert.True(bytes.Equals(tree), $"{what}\n the opened object does not equal the tree");
            if (bytes.Content["metadata"] is null or System.Text.Json.Nodes.JsonObject)
            {
                bytes.Name = "changed";
                Assert.True(bytes.Name == "changed", $"{what}\n the name did not change");
                Assert.True(copy.ToJson() == tree.ToJson(), $"{what}\n changing the original changed its copy\n{FirstDifference(tree.ToJson(), copy.ToJson())}");
                Assert.True(!bytes.Equals(copy), $"{what}\n the changed object still equals its copy");
            }
        }
    }

    private static readonly string[][] RemovedPaths =
    {
        new[] { "metadata", "managedFields" }, new[] { "metadata", "labels", "k0" }, new[] { "metadata", "name" }, new[] { "metadata" },
        new[] { "spec" }, new[] { "a" }, new[] { "A" }, new[] { "a", "b" }, new[] { "spec", "replicas" }, new[] { "x y", "é" }, new[] { "k\n" },
        new[] { "apiVersion" }, new[] { "kind" }, new[] { "data", "a", "b" }, new[] { "missing" },
    };

    [Fact]
    public void Removing_a_member_from_an_unopened_object_does_as_the_tree_and_keeps_it_unopened()
    {
        int seed = Seed();
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int i = 0; i < Cases(400); i++)
        {
            string json = RandomObject(random, depth: 0, top: true);
            if (random.Next(4) == 0) json = Spaced(json);
            var bytes = Unstructured.Parse(json);
            var copy = bytes.DeepCopy();
            var tree = new Unstructured(UnstructuredJson.ParseObject(json, "The object"));
            string[] path = RemovedPaths[random.Next(RemovedPaths.Length)];
            string what = $"seed {seed}, case {i}, removing {string.Join(".", path)}: {json}";

            Same(what, () => tree.RemoveNestedField(path).ToString(), () => bytes.RemoveNestedField(path).ToString());
            Assert.True(tree.ToJson() == bytes.ToJson(), $"{what}\n{FirstDifference(tree.ToJson(), bytes.ToJson())}");
            Assert.True(tree.Equals(bytes) && bytes.Equals(tree) && tree.GetHashCode() == bytes.GetHashCode(), $"{what}\n not equal after the removal");
            Assert.True(copy.ToJson() == new Unstructured(UnstructuredJson.ParseObject(json, "The object")).ToJson(), $"{what}\n the removal changed a copy");
            // Removing again finds nothing, as in the tree.
            Same(what, () => tree.RemoveNestedField(path).ToString(), () => bytes.RemoveNestedField(path).ToString());
            // The bytes left must still be one valid object that reads as the tree does.
            Assert.True(Unstructured.Parse(bytes.ToJson()).Equals(tree), $"{what}\n the bytes left do not parse to the tree");
        }
    }

    [Theory]
    [InlineData("{\"metadata\":{\"managedFields\":[1],\"name\":\"a\"}}", "{\"metadata\":{\"name\":\"a\"}}")]
    [InlineData("{\"metadata\":{\"name\":\"a\",\"managedFields\":[1]}}", "{\"metadata\":{\"name\":\"a\"}}")]
    [InlineData("{\"metadata\":{\"name\":\"a\",\"managedFields\":[1],\"uid\":\"u\"}}", "{\"metadata\":{\"name\":\"a\",\"uid\":\"u\"}}")]
    [InlineData("{\"metadata\":{\"managedFields\":{}}}", "{\"metadata\":{}}")]
    [InlineData("{ \"metadata\" : { \"managedFields\" : [ ] , \"name\" : \"a\" } }", "{\"metadata\":{\"name\":\"a\"}}")]
    [InlineData("{\"metadata\":{\"man\\u0061gedFields\":null,\"name\":\"a\"}}", "{\"metadata\":{\"name\":\"a\"}}")]
    public void Removing_managed_fields_cuts_the_member_and_one_comma(string json, string expected)
    {
        var obj = Unstructured.Parse(json);

        Assert.True(obj.RemoveNestedField("metadata", "managedFields"));

        Assert.True(obj.TryGetJson(out _));
        Assert.Equal(expected, obj.ToJson());
    }

    [Fact]
    public void List_items_read_in_place_equal_the_items_of_the_tree()
    {
        int seed = Seed();
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int i = 0; i < Cases(100); i++)
        {
            var items = Enumerable.Range(0, random.Next(0, 6)).Select(_ => RandomObject(random, 0, top: random.Next(2) == 0)).ToList();
            string list = $"{{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{{\"resourceVersion\":\"{random.Next()}\"}},\"items\":[{string.Join(",", items)}]}}";
            if (random.Next(3) == 0) list = Spaced(list);
            var parsed = UnstructuredList.Parse(list);
            Assert.True(items.Count == parsed.Items.Count, $"seed {seed}, case {i}: {items.Count} items, read {parsed.Items.Count}: {list}");
            for (int k = 0; k < items.Count; k++)
            {
                var expected = new Unstructured(UnstructuredJson.ParseObject(items[k], "The object"));
                if (expected.Content["apiVersion"] is null && expected.Content["kind"] is null && !expected.Content.ContainsKey("apiVersion") && !expected.Content.ContainsKey("kind"))
                {
                    var withTypeMeta = new System.Text.Json.Nodes.JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod" };
                    foreach (var member in expected.Content.ToList())
                    {
                        expected.Content.Remove(member.Key);
                        withTypeMeta[member.Key] = member.Value;
                    }
                    expected = new Unstructured(withTypeMeta);
                }
                Assert.True(expected.ToJson() == parsed.Items[k].ToJson(), $"seed {seed}, case {i}, item {k}: {items[k]}\n{FirstDifference(expected.ToJson(), parsed.Items[k].ToJson())}");
                Assert.True(expected.Equals(parsed.Items[k]), $"seed {seed}, case {i}, item {k}: {items[k]}\n the item does not equal the tree's");
            }
        }
    }

    [Theory]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(200)]
    [InlineData(511)]
    public void An_object_nested_deeper_than_the_reader_default_reads_hashes_and_copies_as_its_tree(int depth)
    {
        // Utf8JsonReader stops at 64 levels unless told otherwise; the tree parser allows 512.
        string json = "{\"apiVersion\":\"v1\",\"kind\":\"Deep\",\"metadata\":{\"name\":\"d\"},\"spec\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth - 2)) + "1" + new string('}', depth - 2) + "}";
        var bytes = Unstructured.Parse(json);
        var tree = new Unstructured(UnstructuredJson.ParseObject(json, "The object"));

        Assert.Equal(tree.GetHashCode(), bytes.GetHashCode());
        Assert.Equal(tree.ToJson(), bytes.ToJson());
        Assert.Equal("d", bytes.Name);
        Assert.True(bytes.DeepCopy().Equals(tree));
        Assert.Equal(tree.ToJson(), UnstructuredList.Parse("{\"kind\":\"DeepList\",\"apiVersion\":\"v1\",\"items\":[" + json + "]}").Items[0].ToJson());
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":{\"c\":1,\"c\":2}}", "The field \"c\" appears more than once in .b.")]
    [InlineData("{\"a\":[{\"x\":1},{\"x\":1,\"x\":2}]}", "The field \"x\" appears more than once in .a[1].")]
    [InlineData("{\"a\":1,\"\\u0061\":2}", "The field \"a\" appears more than once in the top level.")]
    [InlineData("{\"a b\":{\"k\":1,\"k\":1}}", "The field \"k\" appears more than once in ['a b'].")]
    public void A_repeated_member_anywhere_fails_at_parse_time_naming_where(string json, string message)
    {
        var error = Assert.Throws<System.Text.Json.JsonException>(() => Unstructured.Parse(json));

        Assert.Equal("The object is not valid: " + message, error.Message);
        var treeError = Assert.Throws<System.Text.Json.JsonException>(() => UnstructuredJson.ParseObject(json, "The object"));
        Assert.Equal(treeError.Message, error.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_fails_at_parse_time()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"a\":\"xx\"}");
        json[6] = 0xC3;
        json[7] = 0x28;

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Unstructured.Parse(json));
    }

    private static string FirstDifference(string tree, string bytes)
    {
        int i = 0;
        while (i < tree.Length && i < bytes.Length && tree[i] == bytes[i]) i++;
        int from = Math.Max(0, i - 40);
        return $" tree:  ...{tree.Substring(from, Math.Min(80, tree.Length - from))}\n bytes: ...{bytes.Substring(from, Math.Min(80, bytes.Length - from))}";
    }

    private static void Same(string what, Func<string?> tree, Func<string?> bytes)
    {
        string Outcome(Func<string?> read)
        {
            try
            {
                return "value " + (read() ?? "<null>");
            }
            catch (Exception e)
            {
                return $"{e.GetType().Name}: {e.Message}";
            }
        }
        string expected = Outcome(tree), actual = Outcome(bytes);
        Assert.True(expected == actual, $"{what}\n tree:  {expected}\n bytes: {actual}");
    }

    private static string? Text(IReadOnlyDictionary<string, string>? map) =>
        map is null ? null : string.Join(";", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    private static readonly string[] Keys = { "a", "b", "spec", "data", "x y", "é", "\\u0041", "k\\n", "items", "replicas", "status" };

    internal static string RandomObject(Random random, int depth, bool top)
    {
        var members = new List<string>();
        var used = new HashSet<string>();
        void Add(string key, string value)
        {
            if (used.Add(key)) members.Add($"\"{key}\":{value}");
        }
        if (top)
        {
            if (random.Next(4) > 0) Add("apiVersion", random.Next(6) == 0 ? RandomValue(random, depth + 1) : Quote(random.Next(2) == 0 ? "v1" : "example.com/v1"));
            if (random.Next(4) > 0) Add("kind", random.Next(6) == 0 ? RandomValue(random, depth + 1) : Quote(random.Next(2) == 0 ? "Pod" : "Widget"));
            if (random.Next(5) > 0) Add("metadata", random.Next(8) == 0 ? RandomValue(random, depth + 1) : RandomMetadata(random, depth + 1));
        }
        int count = random.Next(0, depth > 2 ? 2 : 5);
        for (int i = 0; i < count; i++) Add(Keys[random.Next(Keys.Length)], RandomValue(random, depth + 1));
        Shuffle(random, members);
        return "{" + string.Join(",", members) + "}";
    }

    private static string RandomMetadata(Random random, int depth)
    {
        var members = new List<string>();
        string[] strings = { "name", "namespace", "uid", "resourceVersion", "generateName" };
        foreach (var field in strings)
        {
            if (random.Next(3) == 0) continue;
            members.Add($"\"{field}\":{(random.Next(10) == 0 ? RandomValue(random, depth + 1) : RandomString(random))}");
        }
        if (random.Next(2) == 0) members.Add($"\"generation\":{(random.Next(6) == 0 ? RandomValue(random, depth + 1) : random.Next(0, 100).ToString(CultureInfo.InvariantCulture))}");
        if (random.Next(2) == 0) members.Add($"\"creationTimestamp\":{(random.Next(6) == 0 ? RandomString(random) : "\"2026-11-25T18:57:00Z\"")}");
        if (random.Next(3) == 0) members.Add($"\"managedFields\":{(random.Next(6) == 0 ? RandomValue(random, depth + 1) : "[{\"manager\":\"kubectl\",\"fieldsV1\":{\"f:data\":{}}}]")}");
        foreach (var map in new[] { "labels", "annotations" })
        {
            if (random.Next(2) == 0) continue;
            if (random.Next(8) == 0)
            {
                members.Add($"\"{map}\":{RandomValue(random, depth + 1)}");
                continue;
            }
            var entries = Enumerable.Range(0, random.Next(0, 4)).Select(k => $"\"k{k}\":{(random.Next(10) == 0 ? RandomValue(random, depth + 2) : RandomString(random))}");
            members.Add($"\"{map}\":{{{string.Join(",", entries)}}}");
        }
        Shuffle(random, members);
        return "{" + string.Join(",", members) + "}";
    }

    internal static string RandomValue(Random random, int depth) => random.Next(depth > 3 ? 6 : 9) switch
    {
        0 => RandomString(random),
        1 => RandomNumber(random),
        2 => random.Next(2) == 0 ? "true" : "false",
        3 => "null",
        4 => RandomString(random),
        5 => RandomNumber(random),
        6 => RandomObject(random, depth, top: false),
        7 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => RandomObject(random, depth, top: random.Next(3) == 0),
    };

    private static string RandomNumber(Random random) => random.Next(9) switch
    {
        0 => "0",
        1 => "-0",
        2 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        3 => "9223372036854775807",
        4 => "9223372036854775808",
        5 => "-9223372036854775809",
        6 => "1.50",
        7 => "1e3",
        _ => "-2.5E-7",
    };

    private static string RandomString(Random random)
    {
        string[] parts = { "web", "a-b", "\\n", "\\\"", "\\u00e9", "é", "日本", "\\u003c", "<&>", "\\/", "\\t", " ", "\\u0000", "😀", "\\ud83d\\ude00" };
        var text = new StringBuilder("\"");
        int count = random.Next(0, 4);
        for (int i = 0; i < count; i++) text.Append(parts[random.Next(parts.Length)]);
        return text.Append('"').ToString();
    }

    private static string Quote(string s) => "\"" + s + "\"";

    /// <summary>The same JSON with whitespace between its tokens (outside strings).</summary>
    internal static string Spaced(string json)
    {
        var text = new StringBuilder();
        bool inString = false, escaped = false;
        foreach (char c in json)
        {
            text.Append(c);
            if (inString)
            {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else if (c is ',' or ':' or '{' or '[') text.Append(c == ':' ? " " : "\n  ");
        }
        return text.ToString();
    }

    private static void Shuffle(Random random, List<string> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
