using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
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
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static UnstructuredList Parse(ReadOnlyMemory<byte> utf8Json)
    {
        var body = MemoryMarshal.TryGetArray(utf8Json, out var segment) ? segment : new ArraySegment<byte>(utf8Json.ToArray());
        // A body in memory is read in place: nothing to give back, so the reader needs no disposing.
        var reader = new UnstructuredListReader(body);
        var items = new List<Unstructured>();
        while (reader.Read()) items.Add(reader.Current);
        return Complete(reader, items);
    }

    /// <summary>
    /// Reads a list response from a UTF-8 stream, to its end, as the bytes arrive: each item is checked and
    /// kept (as its own copy of its JSON) as soon as its last byte is in, so the body is never held whole.
    /// </summary>
    /// <inheritdoc cref="Parse(string)"/>
    public static async Task<UnstructuredList> ParseAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        var reader = new UnstructuredListReader(utf8Json);
        await using (reader.ConfigureAwait(false))
        {
            var items = new List<Unstructured>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) items.Add(reader.Current);
            return Complete(reader, items);
        }
    }

    /// <summary>The list of what <paramref name="reader"/> read, with the list's type given to items read before it.</summary>
    private static UnstructuredList Complete(UnstructuredListReader reader, List<Unstructured> items)
    {
        foreach (int index in reader.EarlyUntypedItems) items[index] = reader.WithListType(items[index]);
        return new UnstructuredList(reader.Content, items) { _itemsPosition = reader.ItemsPosition };
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
}
