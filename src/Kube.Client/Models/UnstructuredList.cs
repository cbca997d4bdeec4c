using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Models;

/// <summary>
/// A list response of any kind as JSON (client-go's unstructured.UnstructuredList): the items as
/// <see cref="Unstructured"/> objects, plus the list's own fields (apiVersion, kind, metadata with
/// resourceVersion, continue and remainingItemCount, and anything else the server sent).
/// </summary>
/// <remarks>
/// As in client-go, items that arrive without apiVersion and kind (the server leaves them out of the
/// items of built-in lists) get the list's apiVersion and the list's kind without its "List" suffix,
/// so that every item can be sent back or converted on its own. Member order is kept, the place of
/// "items" among the list's members included. Not thread-safe.
/// </remarks>
public sealed class UnstructuredList : IKubeList<Unstructured>, IListMetaAccessor
{
    private int _itemsPosition = -1;

    /// <summary>An empty list: <c>{"items":[]}</c>.</summary>
    public UnstructuredList()
        : this(new JsonObject())
    {
    }

    /// <summary>An empty list of the given apiVersion and kind, such as ("v1", "ConfigMapList").</summary>
    public UnstructuredList(string apiVersion, string kind)
        : this(new JsonObject())
    {
        ApiVersion = apiVersion;
        Kind = kind;
    }

    /// <summary>
    /// A list whose own fields are <paramref name="content"/> (taken without copying; it must not
    /// hold "items") and whose items are <paramref name="items"/>.
    /// </summary>
    public UnstructuredList(JsonObject content, IEnumerable<Unstructured>? items = null)
    {
        Content = content ?? throw new ArgumentNullException(nameof(content));
        if (content.Parent is not null)
            throw new ArgumentException($"the JSON object is part of another tree (at {content.GetPath()}); pass a DeepClone() of it", nameof(content));
        if (content.ContainsKey("items"))
            throw new ArgumentException("the list's own fields may not hold \"items\"; pass the items separately", nameof(content));
        Items = items is null ? new List<Unstructured>() : new List<Unstructured>(items);
    }

    /// <summary>The list's own fields: everything but "items".</summary>
    public JsonObject Content { get; }

    /// <summary>The items, in the server's order.</summary>
    public List<Unstructured> Items { get; }

    public string? ApiVersion
    {
        get => NestedFields.NestedString(Content, "apiVersion");
        set => Set(value is null ? null : JsonValue.Create(value), "apiVersion");
    }

    public string? Kind
    {
        get => NestedFields.NestedString(Content, "kind");
        set => Set(value is null ? null : JsonValue.Create(value), "kind");
    }

    /// <summary>metadata.resourceVersion: the version of the collection this list was read at.</summary>
    public string? ResourceVersion
    {
        get => NestedFields.NestedString(Content, "metadata", "resourceVersion");
        set => Set(value is null ? null : JsonValue.Create(value), "metadata", "resourceVersion");
    }

    /// <summary>metadata.continue: the token of the next page, if there is one.</summary>
    public string? Continue
    {
        get => NestedFields.NestedString(Content, "metadata", "continue");
        set => Set(value is null ? null : JsonValue.Create(value), "metadata", "continue");
    }

    /// <summary>metadata.remainingItemCount: how many items follow this page, when the server could tell.</summary>
    public long? RemainingItemCount
    {
        get => NestedFields.NestedInt64(Content, "metadata", "remainingItemCount");
        set => Set(value is long n ? JsonValue.Create(n) : null, "metadata", "remainingItemCount");
    }

    /// <summary>A copy of metadata as a model; setting replaces metadata.</summary>
    ListMeta? IKubeList.Metadata
    {
        get
        {
            var node = NestedFields.NestedField(Content, "metadata");
            if (node is null) return null;
            if (node is not JsonObject) throw new NestedFieldException(".metadata", $".metadata is {UnstructuredJson.Describe(node)}, expected an object.");
            return JsonSerializer.Deserialize(UnstructuredJson.ToUtf8Bytes(node), KubeJsonContext.Default.MetaV1ListMeta);
        }
        set
        {
            if (value is null)
            {
                Content.Remove("metadata");
                return;
            }
            using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(value, KubeJsonContext.Default.MetaV1ListMeta));
            Content["metadata"] = UnstructuredJson.FromElement(document.RootElement);
        }
    }

    /// <summary>The live <see cref="Items"/>; setting replaces their content.</summary>
    IList<Unstructured>? IKubeList<Unstructured>.Items
    {
        get => Items;
        set
        {
            if (ReferenceEquals(value, Items)) return;
            Items.Clear();
            if (value is not null) Items.AddRange(value);
        }
    }

    /// <summary>Reads a list response such as <c>{"kind":"ConfigMapList","items":[...]}</c>.</summary>
    /// <exception cref="JsonException">Not JSON, not an object, "items" not an array of objects, or a repeated field.</exception>
    public static UnstructuredList Parse(string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        return FromUtf8(Encoding.UTF8.GetBytes(json));
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static UnstructuredList Parse(ReadOnlyMemory<byte> utf8Json) => FromUtf8(utf8Json);

    /// <summary>Reads a list response from a UTF-8 stream, to its end.</summary>
    /// <inheritdoc cref="Parse(string)"/>
    public static async Task<UnstructuredList> ParseAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        // The body goes into a pooled buffer; each item keeps a copy of its own bytes.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    Release(buffer);
                    buffer = larger;
                }
                int read = await utf8Json.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
            }
            return FromUtf8(new ReadOnlyMemory<byte>(buffer, 0, length));
        }
        finally
        {
            Release(buffer);
        }
    }

    /// <summary>Larger buffers than this go back to the garbage collector, not to the shared pool.</summary>
    private const int MaxPooledBuffer = 1024 * 1024;

    // The shared pool keeps what is returned to it: the buffers of one list of 10,000 objects (twice its body,
    // tens of MB) would stay held by the process for as long as nothing else rents them.
    private static void Release(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledBuffer) ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>
    /// The list held by a single <see cref="Unstructured"/> whose "items" is an array of objects (what
    /// <see cref="UnstructuredConverter.ToUnstructured"/> makes of a typed list). Nothing is shared.
    /// </summary>
    public static UnstructuredList FromUnstructured(Unstructured list)
    {
        if (list is null) throw new ArgumentNullException(nameof(list));
        return Parse(list.ToUtf8Bytes());
    }

    /// <summary>The whole list, items included, as one <see cref="Unstructured"/>. Nothing is shared.</summary>
    public Unstructured ToUnstructured() => Unstructured.Parse(ToUtf8Bytes());

    public UnstructuredList DeepCopy()
    {
        var copy = new UnstructuredList((JsonObject)Content.DeepClone());
        foreach (var item in Items) copy.Items.Add(item.DeepCopy());
        copy._itemsPosition = _itemsPosition;
        return copy;
    }

    /// <summary>The list as JSON, with "items" where it was read (last for a list built in code).</summary>
    public string ToJson(bool indented = false) => Encoding.UTF8.GetString(ToUtf8Bytes(indented));

    public byte[] ToUtf8Bytes(bool indented = false) => UnstructuredJson.ToUtf8Bytes(WriteTo, indented);

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (writer is null) throw new ArgumentNullException(nameof(writer));
        writer.WriteStartObject();
        int position = 0;
        bool itemsWritten = false;
        foreach (var property in Content)
        {
            if (position++ == _itemsPosition)
            {
                WriteItems(writer);
                itemsWritten = true;
            }
            writer.WritePropertyName(property.Key);
            if (property.Value is null) writer.WriteNullValue();
            else property.Value.WriteTo(writer);
        }
        if (!itemsWritten) WriteItems(writer);
        writer.WriteEndObject();
    }

    /// <summary>"ConfigMapList (3 items)".</summary>
    public override string ToString()
    {
        string kind;
        try
        {
            kind = Kind is { Length: > 0 } k ? k : "List";
        }
        catch (NestedFieldException)
        {
            kind = "List";
        }
        return $"{kind} ({Items.Count} item{(Items.Count == 1 ? "" : "s")})";
    }

    private const string What = "The list";

    private void WriteItems(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("items");
        writer.WriteStartArray();
        foreach (var item in Items)
        {
            if (item is null) throw new InvalidOperationException("The list holds a null item.");
            item.WriteTo(writer);
        }
        writer.WriteEndArray();
    }

    private void Set(JsonNode? value, params string[] fields)
    {
        if (value is null) NestedFields.RemoveNestedField(Content, fields);
        else NestedFields.SetNestedField(Content, value, fields);
    }

    /// <summary>
    /// Reads the list in one pass over its bytes: the list's own fields become a tree, and each item
    /// keeps its checked JSON (see <see cref="Unstructured"/>), so no item builds a tree until it is opened.
    /// </summary>
    private static UnstructuredList FromUtf8(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = UnstructuredJson.MaxDepth });
        var list = new UnstructuredList();
        var items = new List<(int Start, int Length, bool HasTypeMeta)>();
        try
        {
            if (!reader.Read()) throw new JsonException("The input does not contain any JSON tokens.");
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = KindOf(reader.TokenType);
                reader.Skip();
                while (reader.Read())
                {
                }
                throw new JsonException($"{What} must be a JSON object, but the document is {UnstructuredJson.DescribeKind(kind)}.");
            }
            try
            {
                ReadMembers(ref reader, json, list, items);
            }
            catch (JsonException e) when (e.LineNumber is null)
            {
                throw new JsonException($"{What} is not valid: {e.Message}", e);
            }
            while (reader.Read())
            {
            }
        }
        catch (JsonException e) when (e.LineNumber is not null)
        {
            throw new JsonException($"{What} is not valid JSON: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }

        // Items of built-in lists come without apiVersion and kind: give them the list's (client-go does the same).
        string? apiVersion = TryString(list.Content, "apiVersion");
        string? listKind = TryString(list.Content, "kind");
        string? itemKind = listKind is { Length: > 4 } && listKind.EndsWith("List", StringComparison.Ordinal) ? listKind.Substring(0, listKind.Length - 4) : null;
        byte[]? typeMeta = itemKind is not null && apiVersion is not null ? TypeMetaMembers(apiVersion, itemKind) : null;
        list.Items.Capacity = items.Count;
        var span = json.Span;
        foreach (var (start, length, hasTypeMeta) in items)
        {
            var item = span.Slice(start, length);
            list.Items.Add(new Unstructured(typeMeta is not null && !hasTypeMeta ? UnstructuredBytes.WithLeadingMembers(item, typeMeta) : item.ToArray()));
        }
        return list;
    }

    private static void ReadMembers(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, UnstructuredList list, List<(int, int, bool)> items)
    {
        bool sawItems = false;
        int position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name == "items")
            {
                if (sawItems) throw new JsonException("The field \"items\" appears more than once in the top level.");
                sawItems = true;
                list._itemsPosition = position;
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw new JsonException($"\"items\" must be an array, but it is {UnstructuredJson.DescribeKind(KindOf(reader.TokenType))}.");
                int index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new JsonException($"items[{index}] must be an object, but it is {UnstructuredJson.DescribeKind(KindOf(reader.TokenType))}.");
                    int start = (int)reader.TokenStartIndex;
                    bool hasTypeMeta;
                    try
                    {
                        UnstructuredBytes.CheckObject(ref reader, out hasTypeMeta);
                    }
                    catch (JsonException e) when (e.LineNumber is null)
                    {
                        throw new JsonException($"in items[{index}]: {e.Message}", e);
                    }
                    items.Add((start, (int)reader.BytesConsumed - start, hasTypeMeta));
                    index++;
                }
                continue;
            }
            if (list.Content.ContainsKey(name))
                throw new JsonException($"The field \"{name}\" appears more than once in the top level.");
            int valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            int valueEnd = (int)reader.BytesConsumed;
            using (var value = JsonDocument.Parse(json.Slice(valueStart, valueEnd - valueStart), new JsonDocumentOptions { MaxDepth = UnstructuredJson.MaxDepth }))
                UnstructuredJson.AddChild(list.Content, name, value.RootElement);
            position++;
        }
    }

    /// <summary>"apiVersion":"v1","kind":"Pod", (with the trailing comma) as the tree would write them.</summary>
    private static byte[] TypeMetaMembers(string apiVersion, string kind)
    {
        byte[] obj = UnstructuredJson.ToUtf8Bytes(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", apiVersion);
            writer.WriteString("kind", kind);
            writer.WriteEndObject();
        });
        var members = new byte[obj.Length - 1];
        Buffer.BlockCopy(obj, 1, members, 0, obj.Length - 2);
        members[members.Length - 1] = (byte)',';
        return members;
    }

    private static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    private static string? TryString(JsonObject obj, string field) =>
        obj.TryGetPropertyValue(field, out var node) && UnstructuredJson.TryGetString(node, out var value) ? value : null;
}
