using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kube.Client.Models;

namespace Kube.PowerShell.Objects;

/// <summary>
/// Values between PowerShell and JSON trees: hashtables (ordered ones keep their order),
/// PSCustomObjects, arrays, primitives, dates, typed models and Unstructured objects become
/// JSON; JSON becomes what a PowerShell user reads naturally (maps as <see cref="UnstructuredMap"/>,
/// arrays as object[], numbers as long or double, strings, booleans).
/// </summary>
public static class PowerShellJson
{
    /// <summary>Nesting beyond this is taken for a cycle (an object that contains itself).</summary>
    public const int MaxDepth = 100;

    /// <exception cref="ArgumentException">A value has no JSON form (a script block, a cycle...); the message names its path.</exception>
    public static JsonNode? ToJsonNode(object? value) => ToJsonNode(value, "$", 0);

    private static JsonNode? ToJsonNode(object? value, string path, int depth)
    {
        if (depth > MaxDepth)
            throw new ArgumentException($"{path} is nested more than {MaxDepth} levels deep (does an object contain itself?)");
        if (value is PSObject ps)
        {
            // A PSCustomObject (or a PSObject with only note properties) is a map of its properties.
            if (ps.BaseObject is PSCustomObject) return FromProperties(ps, path, depth);
            value = ps.BaseObject;
        }
        switch (value)
        {
            case null:
                return null;
            case JsonNode node:
                return node.DeepClone();
            case JsonElement element:
                return JsonNode.Parse(element.GetRawText());
            case UnstructuredMap map:
                return map.Node.DeepClone();
            case Unstructured u:
                return u.Content.DeepClone();
            case string s:
                return JsonValue.Create(s);
            case char c:
                return JsonValue.Create(c.ToString());
            case bool b:
                return JsonValue.Create(b);
            case DateTime dt:
                return JsonValue.Create(Rfc3339(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Local) : dt)));
            case DateTimeOffset dto:
                return JsonValue.Create(Rfc3339(dto));
            case Enum e:
                return JsonValue.Create(e.ToString());
            case Guid g:
                return JsonValue.Create(g.ToString());
            case TimeSpan ts:
                return JsonValue.Create(ts.ToString("c", CultureInfo.InvariantCulture));
            case sbyte or byte or short or ushort or int or uint or long:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong ul:
                return JsonValue.Create(ul);
            case float or double:
                return JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case decimal m:
                return JsonValue.Create(m);
            case IDictionary dictionary:
                return FromDictionary(dictionary, path, depth);
            case ScriptBlock:
                throw new ArgumentException($"{path} is a script block, which has no JSON or YAML form");
        }
        // A typed model: a kind gets its apiVersion and kind filled in, as the server writes them.
        if (ModelRegistry.TryGetKind(value.GetType(), out _)) return UnstructuredConverter.ToUnstructured(value).Content;
        if (KubeJsonContext.Default.GetTypeInfo(value.GetType()) is { } typeInfo) return JsonSerializer.SerializeToNode(value, typeInfo);
        if (value is IEnumerable sequence)
        {
            var array = new JsonArray();
            int i = 0;
            foreach (var item in sequence) array.Add(ToJsonNode(item, $"{path}[{i++}]", depth + 1));
            return array;
        }
        // Any other object: its public properties, as ConvertTo-Json would write them.
        return FromProperties(PSObject.AsPSObject(value), path, depth);
    }

    /// <summary>What PowerShell shows for a JSON value: a live <see cref="UnstructuredMap"/> for an object, object[] for an array, a primitive otherwise.</summary>
    public static object? ToPowerShell(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                return new UnstructuredMap(obj);
            case JsonArray array:
                var items = new object?[array.Count];
                for (int i = 0; i < items.Length; i++) items[i] = ToPowerShell(array[i]);
                return items;
        }
        var value = (JsonValue)node;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.TryGetValue<string>(out var s) ? s : JsonSerializer.Deserialize<string>(value.ToJsonString());
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (value.TryGetValue<long>(out var l)) return l;
                if (value.TryGetValue<int>(out var n)) return (long)n;
                string text = value.ToJsonString();
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l)) return l;
                if (value.TryGetValue<double>(out var d)) return d;
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }

    private static JsonObject FromDictionary(IDictionary dictionary, string path, int depth)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
            result[key] = ToJsonNode(entry.Value, path + "." + key, depth + 1);
        }
        return result;
    }

    private static JsonObject FromProperties(PSObject obj, string path, int depth)
    {
        var result = new JsonObject();
        foreach (var property in obj.Properties)
        {
            if (!property.IsGettable) continue;
            object? propertyValue;
            try
            {
                propertyValue = property.Value;
            }
            catch (GetValueException)
            {
                continue;
            }
            result[property.Name] = ToJsonNode(propertyValue, path + "." + property.Name, depth + 1);
        }
        return result;
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
