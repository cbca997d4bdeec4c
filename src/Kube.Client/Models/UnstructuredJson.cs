using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Models;

/// <summary>
/// Builds, writes and compares the JSON trees behind <see cref="Unstructured"/>. Parsing walks a
/// <see cref="JsonDocument"/> once and builds every node eagerly, so that a bad document fails at
/// parse time, never on a later access. Integers that fit in 64 bits are held as <see cref="long"/>;
/// every other number keeps its exact text. No reflection is used anywhere.
/// </summary>
internal static class UnstructuredJson
{
    /// <summary>Deep enough for CRD schemas; the same limit as <see cref="KubeJsonContext"/>.</summary>
    public const int MaxDepth = 512;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    /// <summary>Non-ASCII text stays as it is, as the API server and kubectl write it.</summary>
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions IndentedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static JsonObject ParseObject(string json, string what)
    {
        using var document = OpenDocument(json, what);
        return RootObject(document.RootElement, what);
    }

    public static JsonObject ParseObject(ReadOnlyMemory<byte> utf8Json, string what)
    {
        using var document = OpenDocument(utf8Json, what);
        return RootObject(document.RootElement, what);
    }

    public static async Task<JsonObject> ParseObjectAsync(Stream utf8Json, string what, CancellationToken cancellationToken)
    {
        using var document = await OpenDocumentAsync(utf8Json, what, cancellationToken).ConfigureAwait(false);
        return RootObject(document.RootElement, what);
    }

    /// <summary>Parses a document; a syntax error becomes a JsonException that starts with <paramref name="what"/>.</summary>
    public static JsonDocument OpenDocument(string json, string what)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw Invalid(what, e);
        }
    }

    /// <inheritdoc cref="OpenDocument(string, string)"/>
    public static JsonDocument OpenDocument(ReadOnlyMemory<byte> utf8Json, string what)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw Invalid(what, e);
        }
    }

    /// <inheritdoc cref="OpenDocument(string, string)"/>
    public static async Task<JsonDocument> OpenDocumentAsync(Stream utf8Json, string what, CancellationToken cancellationToken)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        try
        {
            return await JsonDocument.ParseAsync(utf8Json, DocumentOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw Invalid(what, e);
        }
    }

    /// <summary>Builds a detached tree from an element; the element's document may be disposed afterwards.</summary>
    public static JsonNode? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                Fill(obj, element);
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                Fill(array, element);
                return array;
            default:
                return Scalar(element);
        }
    }

    public static void Fill(JsonObject target, JsonElement source)
    {
        foreach (var property in source.EnumerateObject())
        {
            if (target.ContainsKey(property.Name))
                throw new JsonException($"The field \"{property.Name}\" appears more than once in {Where(target)}.");
            AddChild(target, property.Name, property.Value);
        }
    }

    public static void AddChild(JsonObject target, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            // Containers are attached before they are filled, so that errors inside can name their path.
            case JsonValueKind.Object:
                var obj = new JsonObject();
                target.Add(name, obj);
                Fill(obj, value);
                break;
            case JsonValueKind.Array:
                var array = new JsonArray();
                target.Add(name, array);
                Fill(array, value);
                break;
            default:
                target.Add(name, Scalar(value));
                break;
        }
    }

    private static void Fill(JsonArray target, JsonElement source)
    {
        foreach (var item in source.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.Object:
                    var obj = new JsonObject();
                    target.Add(obj);
                    Fill(obj, item);
                    break;
                case JsonValueKind.Array:
                    var array = new JsonArray();
                    target.Add(array);
                    Fill(array, item);
                    break;
                default:
                    target.Add(Scalar(item));
                    break;
            }
        }
    }

    private static JsonNode? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => JsonValue.Create(element.GetString()!),
        JsonValueKind.Number => element.TryGetInt64(out long integer) ? JsonValue.Create(integer) : JsonValue.Create(element.Clone()),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        _ => null,
    };

    public static byte[] ToUtf8Bytes(JsonNode node, bool indented = false) => ToUtf8Bytes(writer => node.WriteTo(writer), indented);

    /// <summary>Runs <paramref name="write"/> on a writer with the tree's options and returns what it wrote.</summary>
    public static byte[] ToUtf8Bytes(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? IndentedOptions : CompactOptions))
            write(writer);
        return buffer.ToArray();
    }

    public static string ToJson(JsonNode node, bool indented = false) => Encoding.UTF8.GetString(ToUtf8Bytes(node, indented));

    /// <summary>
    /// Structural equality: objects compare as unordered maps (a null member differs from a missing
    /// one), arrays in order, numbers by value (1 equals 1.0), strings ordinally.
    /// </summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        switch (a)
        {
            case JsonObject objectA:
                if (b is not JsonObject objectB || objectA.Count != objectB.Count) return false;
                foreach (var property in objectA)
                {
                    if (!objectB.TryGetPropertyValue(property.Key, out var other) || !DeepEquals(property.Value, other)) return false;
                }
                return true;
            case JsonArray arrayA:
                if (b is not JsonArray arrayB || arrayA.Count != arrayB.Count) return false;
                for (int i = 0; i < arrayA.Count; i++)
                {
                    if (!DeepEquals(arrayA[i], arrayB[i])) return false;
                }
                return true;
            default:
                return b is JsonValue && ScalarEquals(a, b);
        }
    }

    private static bool ScalarEquals(JsonNode a, JsonNode b)
    {
        var kind = a.GetValueKind();
        if (kind != b.GetValueKind()) return false;
        switch (kind)
        {
            case JsonValueKind.String:
                return TryGetString(a, out var sa) && TryGetString(b, out var sb) && string.Equals(sa, sb, StringComparison.Ordinal);
            case JsonValueKind.Number:
                if (TryGetInt64(a, out long la) && TryGetInt64(b, out long lb)) return la == lb;
                string ta = a.ToJsonString(), tb = b.ToJsonString();
                if (decimal.TryParse(ta, NumberStyles.Float, CultureInfo.InvariantCulture, out var da) &&
                    decimal.TryParse(tb, NumberStyles.Float, CultureInfo.InvariantCulture, out var db))
                    return da == db;
                return double.TryParse(ta, NumberStyles.Float, CultureInfo.InvariantCulture, out var fa) &&
                       double.TryParse(tb, NumberStyles.Float, CultureInfo.InvariantCulture, out var fb) &&
                       fa.Equals(fb);
            default:
                return true;
        }
    }

    /// <summary>Any JSON string value, whatever CLR value the node was made from.</summary>
    public static bool TryGetString(JsonNode? node, out string value)
    {
        value = "";
        if (node is not JsonValue scalar) return false;
        if (scalar.TryGetValue<string>(out var s) && s is not null)
        {
            value = s;
            return true;
        }
        if (scalar.GetValueKind() != JsonValueKind.String) return false;
        using var document = JsonDocument.Parse(scalar.ToJsonString());
        value = document.RootElement.GetString()!;
        return true;
    }

    /// <summary>A JSON number that is an integer within the range of <see cref="long"/>.</summary>
    public static bool TryGetInt64(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue scalar) return false;
        if (scalar.TryGetValue(out value)) return true;
        if (scalar.TryGetValue(out int small))
        {
            value = small;
            return true;
        }
        if (scalar.GetValueKind() != JsonValueKind.Number) return false;
        return long.TryParse(scalar.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue scalar) return false;
        if (scalar.TryGetValue(out value)) return true;
        if (scalar.GetValueKind() != JsonValueKind.Number) return false;
        return double.TryParse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryGetBoolean(JsonNode? node, out bool value)
    {
        value = false;
        if (node is not JsonValue scalar) return false;
        var kind = scalar.GetValueKind();
        value = kind == JsonValueKind.True;
        return kind is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>"a string", "an object"...: for messages, which never show the value itself.</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
    };

    /// <summary>The member path of <paramref name="node"/> in its tree ("the top level" for the root).</summary>
    public static string Where(JsonNode node)
    {
        string path = node.GetPath();
        return path == "$" ? "the top level" : path.Substring(1);
    }

    public static JsonObject RootObject(JsonElement root, string what)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException($"{what} must be a JSON object, but the document is {DescribeKind(root.ValueKind)}.");
        var obj = new JsonObject();
        try
        {
            Fill(obj, root);
        }
        catch (JsonException e)
        {
            throw new JsonException($"{what} is not valid: {e.Message}", e);
        }
        return obj;
    }

    private static JsonException Invalid(string what, JsonException e) =>
        new($"{what} is not valid JSON: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);

    /// <summary>The kind of the value a token starts.</summary>
    internal static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    public static string DescribeKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
