using System.Collections.Generic;
using System.Text.Json;

namespace Kube.Generator.Spec;

/// <summary>
/// The parts of an OpenAPI v2 schema the generator reads: a reference, or a type with its format,
/// item schema, map value schema and ordered properties. Descriptions are deliberately not kept.
/// </summary>
public sealed class SchemaNode
{
    private SchemaNode(string? reference, string? type, string? format, SchemaNode? items, SchemaNode? additionalProperties,
        IReadOnlyList<KeyValuePair<string, SchemaNode>> properties, IReadOnlyList<GroupVersionKindRef> groupVersionKinds)
    {
        Reference = reference;
        Type = type;
        Format = format;
        Items = items;
        AdditionalProperties = additionalProperties;
        Properties = properties;
        GroupVersionKinds = groupVersionKinds;
    }

    /// <summary>The definition name a "$ref" points at ("io.k8s.api.core.v1.Pod"), without "#/definitions/".</summary>
    public string? Reference { get; }
    public string? Type { get; }
    public string? Format { get; }
    public SchemaNode? Items { get; }
    public SchemaNode? AdditionalProperties { get; }

    /// <summary>Properties in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> Properties { get; }

    public IReadOnlyList<GroupVersionKindRef> GroupVersionKinds { get; }

    public static SchemaNode Read(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new SpecException($"{where}: expected a schema object, found {element.ValueKind}.");

        string? reference = null;
        if (element.TryGetProperty("$ref", out var refElement))
        {
            string text = refElement.GetString() ?? "";
            const string prefix = "#/definitions/";
            if (!text.StartsWith(prefix, System.StringComparison.Ordinal))
                throw new SpecException($"{where}: only local references to '#/definitions/...' are supported, found '{text}'.");
            reference = text.Substring(prefix.Length);
        }

        SchemaNode? items = element.TryGetProperty("items", out var itemsElement) ? Read(itemsElement, where + ".items") : null;
        SchemaNode? additional = null;
        if (element.TryGetProperty("additionalProperties", out var additionalElement) && additionalElement.ValueKind == JsonValueKind.Object)
            additional = Read(additionalElement, where + ".additionalProperties");

        var properties = new List<KeyValuePair<string, SchemaNode>>();
        if (element.TryGetProperty("properties", out var propertiesElement))
        {
            foreach (var property in propertiesElement.EnumerateObject())
                properties.Add(new KeyValuePair<string, SchemaNode>(property.Name, Read(property.Value, where + "." + property.Name)));
        }

        return new SchemaNode(reference, StringOrNull(element, "type"), StringOrNull(element, "format"), items, additional, properties,
            GroupVersionKindRef.ReadAll(element, where));
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
