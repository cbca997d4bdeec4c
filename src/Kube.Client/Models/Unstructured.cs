using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.Serialization;
using Kube.Client.Schema;

namespace Kube.Client.Models;

/// <summary>
/// Any Kubernetes object as a JSON tree (client-go's unstructured.Unstructured): what the dynamic
/// client reads and writes, for custom resources and for kinds no generated model knows. Typed
/// accessors cover apiVersion, kind and metadata; the <c>Nested*</c> methods reach any other field
/// by path. <see cref="UnstructuredConverter"/> turns it into a typed model and back.
/// </summary>
/// <remarks>
/// <para>The tree (<see cref="Content"/>) is the object: accessors read and write it directly, nothing
/// is cached. Member order, unknown fields and exact numbers are kept: integers up to 64 bits are
/// exact, and any other number keeps the text it was read with.</para>
/// <para>An object read from the server is held as its UTF-8 JSON until <see cref="Content"/> is first
/// used: the typed accessors (apiVersion, kind, metadata's fields, labels, annotations), writing,
/// <see cref="DeepCopy"/> and conversion to a typed model read those bytes in place, so a list that is
/// only counted, filtered by name or converted never builds a tree. The bytes are checked as strictly
/// as the tree when they are read, so a bad document still fails at parse time.</para>
/// <para>Accessors return null for absent fields and throw <see cref="NestedFieldException"/> when a
/// field has the wrong type (a number as metadata.name, for instance). Setting null removes the field.
/// Maps and lists returned by accessors are copies; set them back to change the object.</para>
/// <para>Equality is structural (see <see cref="Equals(Unstructured?)"/>). Like every mutable object,
/// an Unstructured should not change while it is a key in a dictionary or set.</para>
/// <para>Threads: several threads may read one object at the same time as long as none writes to it,
/// which is how caches share objects; the tree is built at most once and published whole. Writes
/// need exclusive access; give each writer its own <see cref="DeepCopy"/>.</para>
/// <para>This type lives in the <c>Kube.Client.Models</c> namespace, beside the generated models, so
/// that the name <c>Unstructured</c> never clashes with a namespace of the same name.</para>
/// </remarks>
public sealed class Unstructured : IKubeObject, IObjectMetaAccessor, IEquatable<Unstructured>
{
    /// <summary>An empty object: <c>{}</c>.</summary>
    public Unstructured()
        : this(new JsonObject())
    {
    }

    /// <summary>An object with only apiVersion and kind set, such as <c>new Unstructured("v1", "ConfigMap")</c>.</summary>
    public Unstructured(string apiVersion, string kind)
        : this(new JsonObject())
    {
        ApiVersion = apiVersion;
        Kind = kind;
    }

    /// <summary>Wraps <paramref name="content"/> without copying it: changes through either are seen by both.</summary>
    /// <exception cref="ArgumentException">The object already belongs to another tree (DeepClone it first).</exception>
    public Unstructured(JsonObject content)
    {
        _content = content ?? throw new ArgumentNullException(nameof(content));
        if (content.Parent is not null)
            throw new ArgumentException($"the JSON object is part of another tree (at {content.GetPath()}); pass a DeepClone() of it", nameof(content));
    }

    /// <summary>Holds <paramref name="checkedJson"/>, one JSON object already checked by <see cref="UnstructuredBytes"/>; never copied or changed.</summary>
    internal Unstructured(byte[] checkedJson) => _json = checkedJson;

    private JsonObject? _content;

    /// <summary>The object's JSON until the tree is built; null afterwards (the tree may change).</summary>
    private byte[]? _json;

    /// <summary>The JSON tree of the whole object (client-go's Object map); built on first use for an object read as JSON.</summary>
    public JsonObject Content => Volatile.Read(ref _content) ?? Materialize();

    private JsonObject Materialize()
    {
        var json = Volatile.Read(ref _json);
        if (json is null) return Volatile.Read(ref _content)!;
        var tree = UnstructuredJson.ParseObject(json, "The object");
        var winner = Interlocked.CompareExchange(ref _content, tree, null) ?? tree;
        Volatile.Write(ref _json, null);
        return winner;
    }

    /// <summary>The held JSON when no tree has been built (then nothing can have changed it).</summary>
    internal bool TryGetJson([NotNullWhen(true)] out byte[]? json)
    {
        json = null;
        if (Volatile.Read(ref _content) is not null) return false;
        json = Volatile.Read(ref _json);
        return json is not null;
    }

    /// <summary>The object's JSON: the held bytes, or the tree written out.</summary>
    internal ReadOnlyMemory<byte> Utf8Json() => TryGetJson(out var json) ? json : ToUtf8Bytes();

    public string? ApiVersion
    {
        get => ReadString("apiVersion");
        set => SetString(value, "apiVersion");
    }

    public string? Kind
    {
        get => ReadString("kind");
        set => SetString(value, "kind");
    }

    public string? Name
    {
        get => ReadString("metadata", "name");
        set => SetString(value, "metadata", "name");
    }

    public string? Namespace
    {
        get => ReadString("metadata", "namespace");
        set => SetString(value, "metadata", "namespace");
    }

    public string? GenerateName
    {
        get => ReadString("metadata", "generateName");
        set => SetString(value, "metadata", "generateName");
    }

    public string? Uid
    {
        get => ReadString("metadata", "uid");
        set => SetString(value, "metadata", "uid");
    }

    public string? ResourceVersion
    {
        get => ReadString("metadata", "resourceVersion");
        set => SetString(value, "metadata", "resourceVersion");
    }

    public long? Generation
    {
        get => ReadInt64("metadata", "generation");
        set => SetOrRemove(value is long g ? JsonValue.Create(g) : null, "metadata", "generation");
    }

    public DateTimeOffset? CreationTimestamp
    {
        get => Timestamp("metadata", "creationTimestamp");
        set => SetOrRemove(value is DateTimeOffset t ? JsonValue.Create(Rfc3339.FormatSeconds(t)) : null, "metadata", "creationTimestamp");
    }

    public DateTimeOffset? DeletionTimestamp
    {
        get => Timestamp("metadata", "deletionTimestamp");
        set => SetOrRemove(value is DateTimeOffset t ? JsonValue.Create(Rfc3339.FormatSeconds(t)) : null, "metadata", "deletionTimestamp");
    }

    /// <summary>A copy of metadata.labels; null when there are none. Setting null or an empty map removes them.</summary>
    public IReadOnlyDictionary<string, string>? Labels
    {
        get => ReadStringMap("metadata", "labels");
        set => SetStringMap(value, "metadata", "labels");
    }

    /// <summary>A copy of metadata.annotations; null when there are none. Setting null or an empty map removes them.</summary>
    public IReadOnlyDictionary<string, string>? Annotations
    {
        get => ReadStringMap("metadata", "annotations");
        set => SetStringMap(value, "metadata", "annotations");
    }

    /// <summary>A copy of metadata.finalizers; null when there are none. Setting null or an empty list removes them.</summary>
    public IReadOnlyList<string>? Finalizers
    {
        get => NestedStringSlice("metadata", "finalizers");
        set
        {
            if (value is null || value.Count == 0) RemoveNestedField("metadata", "finalizers");
            else SetNestedStringSlice(value, "metadata", "finalizers");
        }
    }

    /// <summary>A copy of metadata.ownerReferences as models; null when there are none. Setting null or an empty list removes them.</summary>
    public IReadOnlyList<OwnerReference>? OwnerReferences
    {
        get
        {
            var node = NestedField("metadata", "ownerReferences");
            if (node is null) return null;
            if (node is not JsonArray) throw new NestedFieldException(".metadata.ownerReferences", $".metadata.ownerReferences is {UnstructuredJson.Describe(node)}, expected an array.");
            try
            {
                return JsonSerializer.Deserialize(UnstructuredJson.ToUtf8Bytes(node), KubeJsonContext.Default.ListOfMetaV1OwnerReference);
            }
            catch (JsonException e)
            {
                throw new NestedFieldException(".metadata.ownerReferences", $".metadata.ownerReferences is not a list of owner references: {e.Message}");
            }
        }
        set
        {
            if (value is null || value.Count == 0)
            {
                RemoveNestedField("metadata", "ownerReferences");
                return;
            }
            var list = value as List<OwnerReference> ?? new List<OwnerReference>(value);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(list, KubeJsonContext.Default.ListOfMetaV1OwnerReference);
            using var document = JsonDocument.Parse(bytes);
            SetNestedField(UnstructuredJson.FromElement(document.RootElement), "metadata", "ownerReferences");
        }
    }

    /// <summary>Sets one label, creating metadata.labels as needed.</summary>
    public void SetLabel(string key, string value) => SetNestedField(JsonValue.Create(value ?? throw new ArgumentNullException(nameof(value))), "metadata", "labels", key ?? throw new ArgumentNullException(nameof(key)));

    /// <summary>Sets one annotation, creating metadata.annotations as needed.</summary>
    public void SetAnnotation(string key, string value) => SetNestedField(JsonValue.Create(value ?? throw new ArgumentNullException(nameof(value))), "metadata", "annotations", key ?? throw new ArgumentNullException(nameof(key)));

    /// <summary>
    /// The object's group, version and kind from apiVersion and kind.
    /// </summary>
    /// <exception cref="FormatException">apiVersion or kind is missing, or apiVersion is not "v1" or "group/version".</exception>
    public GroupVersionKind GetGroupVersionKind()
    {
        if (TryGetGroupVersionKind(out var gvk)) return gvk;
        string apiVersion = ApiVersion ?? "";
        string kind = Kind ?? "";
        if (apiVersion.Length == 0 && kind.Length == 0) throw new FormatException($"The object {Describe()} has neither apiVersion nor kind.");
        if (apiVersion.Length == 0) throw new FormatException($"The object {Describe()} has no apiVersion.");
        if (kind.Length == 0) throw new FormatException($"The object {Describe()} has no kind.");
        throw new FormatException($"The apiVersion \"{apiVersion}\" of {Describe()} is not of the form \"v1\" or \"group/version\".");
    }

    /// <summary>False when apiVersion or kind is missing or malformed.</summary>
    public bool TryGetGroupVersionKind(out GroupVersionKind groupVersionKind)
    {
        groupVersionKind = default;
        if (!TryGetString(out var apiVersion, "apiVersion") || !TryGetString(out var kind, "kind") || apiVersion.Length == 0 || kind.Length == 0) return false;
        try
        {
            groupVersionKind = GroupVersionKind.FromApiVersionAndKind(apiVersion, kind);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }

    public void SetGroupVersionKind(GroupVersionKind groupVersionKind)
    {
        ApiVersion = groupVersionKind.ApiVersion;
        Kind = groupVersionKind.Kind;
    }

    /// <inheritdoc cref="NestedFields.NestedField"/>
    public JsonNode? NestedField(params string[] fields) => NestedFields.NestedField(Content, fields);

    /// <inheritdoc cref="NestedFields.TryGetNestedField"/>
    public bool TryGetNestedField(out JsonNode? value, params string[] fields) => NestedFields.TryGetNestedField(Content, out value, fields);

    /// <inheritdoc cref="NestedFields.NestedFieldCopy"/>
    public JsonNode? NestedFieldCopy(params string[] fields) => NestedFields.NestedFieldCopy(Content, fields);

    public string? NestedString(params string[] fields) => NestedFields.NestedString(Content, fields);

    public bool? NestedBool(params string[] fields) => NestedFields.NestedBool(Content, fields);

    /// <inheritdoc cref="NestedFields.NestedInt64"/>
    public long? NestedInt64(params string[] fields) => NestedFields.NestedInt64(Content, fields);

    public double? NestedDouble(params string[] fields) => NestedFields.NestedDouble(Content, fields);

    /// <inheritdoc cref="NestedFields.NestedStringSlice"/>
    public List<string>? NestedStringSlice(params string[] fields) => NestedFields.NestedStringSlice(Content, fields);

    /// <inheritdoc cref="NestedFields.NestedSlice"/>
    public JsonArray? NestedSlice(params string[] fields) => NestedFields.NestedSlice(Content, fields);

    /// <inheritdoc cref="NestedFields.NestedStringMap"/>
    public Dictionary<string, string>? NestedStringMap(params string[] fields) => NestedFields.NestedStringMap(Content, fields);

    /// <inheritdoc cref="NestedFields.NestedMap"/>
    public JsonObject? NestedMap(params string[] fields) => NestedFields.NestedMap(Content, fields);

    /// <inheritdoc cref="NestedFields.SetNestedField"/>
    public void SetNestedField(JsonNode? value, params string[] fields) => NestedFields.SetNestedField(Content, value, fields);

    public void SetNestedStringSlice(IEnumerable<string> value, params string[] fields) => NestedFields.SetNestedStringSlice(Content, value, fields);

    public void SetNestedStringMap(IEnumerable<KeyValuePair<string, string>> value, params string[] fields) => NestedFields.SetNestedStringMap(Content, value, fields);

    /// <inheritdoc cref="NestedFields.RemoveNestedField"/>
    /// <remarks>An object not yet opened stays so: the member is cut out of its JSON (an informer transform that drops managedFields builds no tree).</remarks>
    public bool RemoveNestedField(params string[] fields)
    {
        if (fields is { Length: > 0 } && Array.IndexOf(fields, null!) < 0 && TryGetJson(out var json))
        {
            var without = UnstructuredBytes.WithoutMember(json, fields, out bool irregular);
            if (!irregular)
            {
                if (without is null) return false;
                // A new array: copies made by DeepCopy share the old one, which never changes.
                Volatile.Write(ref _json, without);
                return true;
            }
        }
        return NestedFields.RemoveNestedField(Content, fields);
    }

    /// <summary>A copy sharing nothing with this object (an unopened object shares its bytes, which never change).</summary>
    public Unstructured DeepCopy() => TryGetJson(out var json) ? new Unstructured(json) : new((JsonObject)Content.DeepClone());

    /// <summary>Reads one JSON object, such as <c>{"apiVersion":"v1","kind":"ConfigMap",...}</c>.</summary>
    /// <exception cref="JsonException">The text is not JSON, not an object, or repeats a field.</exception>
    public static Unstructured Parse(string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        return new(UnstructuredBytes.CheckDocument(Encoding.UTF8.GetBytes(json), "The object"));
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static Unstructured Parse(ReadOnlyMemory<byte> utf8Json) => new(UnstructuredBytes.CheckDocument(utf8Json.Span, "The object"));

    /// <summary>Reads one JSON object from a UTF-8 stream, to its end.</summary>
    /// <exception cref="JsonException">The content is not JSON, not an object, or repeats a field.</exception>
    public static async Task<Unstructured> ParseAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        using var buffer = new MemoryStream();
        await utf8Json.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
        return new(UnstructuredBytes.CheckDocument(new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), "The object"));
    }

    /// <summary>The object as JSON, in its member order; non-ASCII text is written as is.</summary>
    public string ToJson(bool indented = false) => Encoding.UTF8.GetString(ToUtf8Bytes(indented));

    public byte[] ToUtf8Bytes(bool indented = false) =>
        TryGetJson(out var json) ? UnstructuredJson.ToUtf8Bytes(writer => UnstructuredBytes.WriteTo(json, writer), indented) : UnstructuredJson.ToUtf8Bytes(Content, indented);

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (writer is null) throw new ArgumentNullException(nameof(writer));
        if (TryGetJson(out var json)) UnstructuredBytes.WriteTo(json, writer);
        else Content.WriteTo(writer);
    }

    /// <summary>
    /// Structural equality of the two trees: member order does not matter, a member set to null differs
    /// from a missing one, numbers compare by value (1 equals 1.0) and strings ordinally.
    /// </summary>
    public bool Equals(Unstructured? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (TryGetJson(out var a) && other.TryGetJson(out var b) && (ReferenceEquals(a, b) || a.AsSpan().SequenceEqual(b))) return true;
        return UnstructuredJson.DeepEquals(Content, other.Content);
    }

    public override bool Equals(object? obj) => obj is Unstructured other && Equals(other);

    /// <summary>A hash of the top-level member names: equal objects hash alike, whatever their member order.</summary>
    public override int GetHashCode()
    {
        if (TryGetJson(out var json))
        {
            var reader = new Utf8JsonReader(json, UnstructuredBytes.ReaderOptions);
            reader.Read();
            int count = 0, names = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                count++;
                names ^= StringComparer.Ordinal.GetHashCode(reader.GetString()!);
                reader.Read();
                reader.Skip();
            }
            return count ^ names;
        }
        int hash = Content.Count;
        foreach (var property in Content) hash ^= StringComparer.Ordinal.GetHashCode(property.Key);
        return hash;
    }

    public static bool operator ==(Unstructured? left, Unstructured? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Unstructured? left, Unstructured? right) => !(left == right);

    /// <summary>"ConfigMap default/settings" (or "ConfigMap settings" without a namespace).</summary>
    public override string ToString() => Describe();

    internal string Describe()
    {
        TryGetString(out var kind, "kind");
        TryGetString(out var ns, "metadata", "namespace");
        TryGetString(out var name, "metadata", "name");
        string what = kind is { Length: > 0 } ? kind : "object";
        if (string.IsNullOrEmpty(name)) return ns is { Length: > 0 } ? $"{what} in {ns}" : what;
        return ns is { Length: > 0 } ? $"{what} {ns}/{name}" : $"{what} {name}";
    }

    /// <summary>Reads a string field without throwing: false when missing or not a string.</summary>
    private bool TryGetString([NotNullWhen(true)] out string? value, params string[] fields)
    {
        value = null;
        if (TryGetJson(out var json))
        {
            if (!UnstructuredBytes.TryFind(json, fields, out var reader, out _) || reader.TokenType != JsonTokenType.String) return false;
            value = reader.GetString()!;
            return true;
        }
        try
        {
            return NestedFields.TryGetNestedField(Content, out var node, fields) && UnstructuredJson.TryGetString(node, out value!);
        }
        catch (NestedFieldException)
        {
            return false;
        }
    }

    /// <summary>NestedString, read in place when the object is unopened; anything unusual goes to the tree's reader and its messages.</summary>
    private string? ReadString(params string[] fields)
    {
        if (TryGetJson(out var json))
        {
            bool found = UnstructuredBytes.TryFind(json, fields, out var reader, out bool irregular);
            if (!found && !irregular) return null;
            if (found && reader.TokenType == JsonTokenType.String) return reader.GetString();
            if (found && reader.TokenType == JsonTokenType.Null) return null;
        }
        return NestedString(fields);
    }

    private long? ReadInt64(params string[] fields)
    {
        if (TryGetJson(out var json))
        {
            bool found = UnstructuredBytes.TryFind(json, fields, out var reader, out bool irregular);
            if (!found && !irregular) return null;
            if (found && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value)) return value;
            if (found && reader.TokenType == JsonTokenType.Null) return null;
        }
        return NestedInt64(fields);
    }

    private Dictionary<string, string>? ReadStringMap(params string[] fields)
    {
        if (TryGetJson(out var json))
        {
            bool found = UnstructuredBytes.TryFind(json, fields, out var reader, out bool irregular);
            if (!found && !irregular) return null;
            if (found && reader.TokenType == JsonTokenType.Null) return null;
            if (found && reader.TokenType == JsonTokenType.StartObject)
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                bool strings = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string key = reader.GetString()!;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        strings = false;
                        break;
                    }
                    map[key] = reader.GetString()!;
                }
                if (strings) return map;
            }
        }
        return NestedStringMap(fields);
    }

    private DateTimeOffset? Timestamp(params string[] fields)
    {
        string? text = ReadString(fields);
        if (text is null) return null;
        if (text.Length == 0) return null;
        return Rfc3339.TryParse(text, out var value)
            ? value
            : throw new NestedFieldException(NestedFields.FormatPath(fields), $"{NestedFields.FormatPath(fields)} is not an RFC 3339 timestamp such as \"2006-01-02T15:04:05Z\".");
    }

    private void SetString(string? value, params string[] fields) => SetOrRemove(value is null ? null : JsonValue.Create(value), fields);

    private void SetStringMap(IReadOnlyDictionary<string, string>? value, params string[] fields)
    {
        if (value is null || value.Count == 0) RemoveNestedField(fields);
        else SetNestedStringMap(value, fields);
    }

    private void SetOrRemove(JsonNode? value, params string[] fields)
    {
        if (value is null) RemoveNestedField(fields);
        else SetNestedField(value, fields);
    }
}
