using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kube.Client.Models;
using Kube.Client.Yaml;

namespace Kube.PowerShell.Resources;

/// <summary>
/// The JSON tree of what PowerShell scripts build objects from: hashtables (ordered or not),
/// PSCustomObjects, arrays and lists, strings, numbers, booleans, dates, and the library's own
/// models and Unstructured objects nested inside them.
/// </summary>
public static class ObjectInputJson
{
    private const int MaxDepth = 100;

    /// <exception cref="ArgumentException">A value has no JSON form (the message names its path), or the tree is deeper than 100 levels (a cycle).</exception>
    public static JsonNode? ToJsonNode(object? value) => Convert(value, "$", 0);

    private static JsonNode? Convert(object? value, string path, int depth)
    {
        if (depth > MaxDepth)
            throw new ArgumentException($"{path}: the object is nested more than {MaxDepth} levels deep (does it refer to itself?)");
        if (value is PSObject pso)
        {
            if (pso.BaseObject is PSCustomObject) return FromProperties(pso, path, depth);
            value = pso.BaseObject;
        }
        switch (value)
        {
            case null: return null;
            case JsonNode node: return node.DeepClone();
            case Unstructured u: return u.Content.DeepClone();
            case string s: return JsonValue.Create(s);
            case char c: return JsonValue.Create(c.ToString());
            case bool b: return JsonValue.Create(b);
            case int or long or short or byte or sbyte or uint or ushort or ulong:
                return JsonValue.Create(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case double d: return Number(d, path);
            case float f: return Number(f, path);
            case decimal m: return JsonValue.Create(m);
            case DateTime dt: return JsonValue.Create(dt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            case DateTimeOffset dto: return JsonValue.Create(dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            case Enum e: return JsonValue.Create(e.ToString());
            case JsonElement element: return KubeYaml.ToJsonNode(element);
            case IDictionary dictionary:
            {
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    string key = entry.Key?.ToString() ?? throw new ArgumentException($"{path}: a key is null");
                    obj[key] = Convert(entry.Value, path + "." + key, depth + 1);
                }
                return obj;
            }
            case IEnumerable items:
            {
                var array = new JsonArray();
                int i = 0;
                foreach (var item in items) array.Add(Convert(item, $"{path}[{i++}]", depth + 1));
                return array;
            }
        }
        if (ModelRegistry.TryGetKind(value.GetType(), out _) || value.GetType().Namespace?.StartsWith("Kube.Client.Models", StringComparison.Ordinal) == true)
        {
            try
            {
                return KubeYaml.ToJsonNode(value);
            }
            catch (ArgumentException)
            {
                if (TypeInfo(value.GetType()) is { } info) return JsonSerializer.SerializeToNode(value, info);
            }
        }
        throw new ArgumentException($"{path}: a {value.GetType().FullName} has no JSON form; use strings, numbers, booleans, hashtables, PSCustomObjects and arrays");
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo? TypeInfo(Type type)
    {
        try
        {
            return KubeJsonContext.Default.GetTypeInfo(type);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonNode Number(double d, string path)
    {
        if (double.IsNaN(d) || double.IsInfinity(d)) throw new ArgumentException($"{path}: {d} is not a JSON number");
        return Math.Floor(d) == d && Math.Abs(d) < 9e15 ? JsonValue.Create((long)d) : JsonValue.Create(d);
    }

    private static JsonObject FromProperties(PSObject pso, string path, int depth)
    {
        var obj = new JsonObject();
        foreach (var property in pso.Properties)
        {
            if (!property.IsGettable) continue;
            obj[property.Name] = Convert(property.Value, path + "." + property.Name, depth + 1);
        }
        return obj;
    }
}
