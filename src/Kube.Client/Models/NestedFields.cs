using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;

namespace Kube.Client.Models;

/// <summary>
/// Reads and writes fields deep inside a JSON object by path (client-go's unstructured.NestedString,
/// SetNestedField, RemoveNestedField...). <see cref="Unstructured"/> offers the same methods on itself.
/// </summary>
/// <remarks>
/// <para>A missing field, or one set to JSON null, reads as null. A path that runs through a value
/// that is not an object, or a value of another type than asked, throws
/// <see cref="NestedFieldException"/> naming the path: <c>.spec.replicas is a string, expected an
/// integer</c>.</para>
/// <para><see cref="NestedField"/> returns the live node (changes to it change the object); the
/// typed readers and <see cref="NestedMap"/>, <see cref="NestedSlice"/> and
/// <see cref="NestedFieldCopy"/> return copies.</para>
/// </remarks>
public static class NestedFields
{
    /// <summary>The node at <paramref name="fields"/>, not copied; null when the field is missing or JSON null.</summary>
    public static JsonNode? NestedField(JsonObject obj, params string[] fields)
    {
        TryGetNestedField(obj, out var value, fields);
        return value;
    }

    /// <summary>
    /// Looks up the node at <paramref name="fields"/>, not copied. True when the field exists, even
    /// when its value is JSON null (then <paramref name="value"/> is null).
    /// </summary>
    public static bool TryGetNestedField(JsonObject obj, out JsonNode? value, params string[] fields)
    {
        Check(obj, fields);
        value = null;
        JsonObject current = obj;
        for (int i = 0; i < fields.Length; i++)
        {
            if (!current.TryGetPropertyValue(fields[i], out var child)) return false;
            if (i == fields.Length - 1)
            {
                value = child;
                return true;
            }
            if (child is null) return false;
            if (child is not JsonObject next)
                throw new NestedFieldException(Path(fields, i + 1),
                    $"Cannot read {Path(fields, fields.Length)}: {Path(fields, i + 1)} is {UnstructuredJson.Describe(child)}, not an object.");
            current = next;
        }
        return false;
    }

    /// <summary>A deep copy of the node at <paramref name="fields"/>; null when missing or JSON null.</summary>
    public static JsonNode? NestedFieldCopy(JsonObject obj, params string[] fields) => NestedField(obj, fields)?.DeepClone();

    public static string? NestedString(JsonObject obj, params string[] fields)
    {
        var node = NestedField(obj, fields);
        if (node is null) return null;
        return UnstructuredJson.TryGetString(node, out var value) ? value : throw WrongType(fields, node, "a string");
    }

    public static bool? NestedBool(JsonObject obj, params string[] fields)
    {
        var node = NestedField(obj, fields);
        if (node is null) return null;
        return UnstructuredJson.TryGetBoolean(node, out var value) ? value : throw WrongType(fields, node, "a boolean");
    }

    /// <summary>An integer field; a number with a fraction or out of the 64-bit range is an error.</summary>
    public static long? NestedInt64(JsonObject obj, params string[] fields)
    {
        var node = NestedField(obj, fields);
        if (node is null) return null;
        return UnstructuredJson.TryGetInt64(node, out var value) ? value : throw WrongType(fields, node, "an integer");
    }

    public static double? NestedDouble(JsonObject obj, params string[] fields)
    {
        var node = NestedField(obj, fields);
        if (node is null) return null;
        return UnstructuredJson.TryGetDouble(node, out var value) ? value : throw WrongType(fields, node, "a number");
    }

    /// <summary>A copy of an array of strings; any other item is an error.</summary>
    public static List<string>? NestedStringSlice(JsonObject obj, params string[] fields)
    {
        var node = NestedField(obj, fields);
        if (node is null) return null;
        if (node is not JsonArray array) throw WrongType(fields, node, "an array of strings");
        var result = new List<string>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (!UnstructuredJson.TryGetString(array[i], out var item))
                throw new NestedFieldException(Path(fields, fields.Length) + "[" + i + "]",
                    $"{Path(fields, fields.Length)}[{i}] is {UnstructuredJson.Describe(array[i])}, expected a string.");
            result.Add(item);
        }
        return result;
    }

    /// <summary>A deep copy of an array field.</summary>
    public static JsonArray? NestedSlice(JsonObject obj, params string[] fields)
    {
        var node = NestedField(obj, fields);
        if (node is null) return null;
        return node is JsonArray array ? (JsonArray)array.DeepClone() : throw WrongType(fields, node, "an array");
    }

    /// <summary>A copy of an object whose values are all strings (labels, annotations, data...).</summary>
    public static Dictionary<string, string>? NestedStringMap(JsonObject obj, params string[] fields)
    {
        var node = NestedField(obj, fields);
        if (node is null) return null;
        if (node is not JsonObject map) throw WrongType(fields, node, "an object of strings");
        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var entry in map)
        {
            if (!UnstructuredJson.TryGetString(entry.Value, out var value))
            {
                string path = Path(fields, fields.Length) + Segment(entry.Key);
                throw new NestedFieldException(path, $"{path} is {UnstructuredJson.Describe(entry.Value)}, expected a string.");
            }
            result.Add(entry.Key, value);
        }
        return result;
    }

    /// <summary>A deep copy of an object field.</summary>
    public static JsonObject? NestedMap(JsonObject obj, params string[] fields)
    {
        var node = NestedField(obj, fields);
        if (node is null) return null;
        return node is JsonObject map ? (JsonObject)map.DeepClone() : throw WrongType(fields, node, "an object");
    }

    /// <summary>
    /// Sets the field at <paramref name="fields"/>, creating the objects on the way (a JSON null on the
    /// way counts as missing). A value that already belongs to a tree is copied; any other is taken
    /// as it is. An existing field keeps its position among its siblings.
    /// </summary>
    /// <exception cref="NestedFieldException">The path runs through a value that is not an object.</exception>
    public static void SetNestedField(JsonObject obj, JsonNode? value, params string[] fields)
    {
        Check(obj, fields);
        if (value is not null && (value.Parent is not null || ReferenceEquals(value, obj))) value = value.DeepClone();
        JsonObject current = obj;
        for (int i = 0; i < fields.Length - 1; i++)
        {
            current.TryGetPropertyValue(fields[i], out var child);
            if (child is null)
            {
                var created = new JsonObject();
                current[fields[i]] = created;
                current = created;
                continue;
            }
            if (child is not JsonObject next)
                throw new NestedFieldException(Path(fields, i + 1),
                    $"Cannot set {Path(fields, fields.Length)}: {Path(fields, i + 1)} is {UnstructuredJson.Describe(child)}, not an object.");
            current = next;
        }
        current[fields[fields.Length - 1]] = value;
    }

    public static void SetNestedStringSlice(JsonObject obj, IEnumerable<string> value, params string[] fields)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        var array = new JsonArray();
        foreach (var item in value) array.Add(JsonValue.Create(item ?? throw new ArgumentException("the list holds a null string", nameof(value))));
        SetNestedField(obj, array, fields);
    }

    public static void SetNestedStringMap(JsonObject obj, IEnumerable<KeyValuePair<string, string>> value, params string[] fields)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        var map = new JsonObject();
        foreach (var entry in value) map[entry.Key] = JsonValue.Create(entry.Value ?? throw new ArgumentException($"the value of \"{entry.Key}\" is null", nameof(value)));
        SetNestedField(obj, map, fields);
    }

    /// <summary>
    /// Removes the field at <paramref name="fields"/>; false when it was not there. A path through
    /// a value that is not an object is an error, as it is for reading.
    /// </summary>
    public static bool RemoveNestedField(JsonObject obj, params string[] fields)
    {
        Check(obj, fields);
        JsonObject current = obj;
        for (int i = 0; i < fields.Length - 1; i++)
        {
            if (!current.TryGetPropertyValue(fields[i], out var child) || child is null) return false;
            if (child is not JsonObject next)
                throw new NestedFieldException(Path(fields, i + 1),
                    $"Cannot remove {Path(fields, fields.Length)}: {Path(fields, i + 1)} is {UnstructuredJson.Describe(child)}, not an object.");
            current = next;
        }
        return current.Remove(fields[fields.Length - 1]);
    }

    /// <summary>".spec.template", with odd keys quoted: ".metadata.labels[\"app.kubernetes.io/name\"]".</summary>
    public static string FormatPath(params string[] fields)
    {
        if (fields is null) throw new ArgumentNullException(nameof(fields));
        return Path(fields, fields.Length);
    }

    private static string Path(string[] fields, int count)
    {
        var path = new StringBuilder();
        for (int i = 0; i < count; i++) path.Append(Segment(fields[i]));
        return path.ToString();
    }

    private static string Segment(string field)
    {
        bool plain = field.Length > 0;
        foreach (char c in field)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-')) { plain = false; break; }
        }
        return plain ? "." + field : "[\"" + field.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"]";
    }

    private static NestedFieldException WrongType(string[] fields, JsonNode node, string expected)
    {
        string path = Path(fields, fields.Length);
        return new NestedFieldException(path, $"{path} is {UnstructuredJson.Describe(node)}, expected {expected}.");
    }

    private static void Check(JsonObject obj, string[] fields)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        if (fields is null) throw new ArgumentNullException(nameof(fields));
        if (fields.Length == 0) throw new ArgumentException("a field path needs at least one field name", nameof(fields));
        for (int i = 0; i < fields.Length; i++)
        {
            if (fields[i] is null) throw new ArgumentException($"field name {i} of the path is null", nameof(fields));
        }
    }
}
