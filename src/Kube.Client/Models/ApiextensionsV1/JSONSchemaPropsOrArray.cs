using System.Collections.Generic;
using System.Text.Json.Serialization;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Models.ApiextensionsV1;

/// <summary>A JSON schema or an array of them (items): one schema for all items, or one per position.</summary>
[JsonConverter(typeof(SchemaOrArrayConverter<JSONSchemaPropsOrArray, JSONSchemaProps>))]
public sealed class JSONSchemaPropsOrArray : ISchemaOrArray<JSONSchemaProps>
{
    public JSONSchemaPropsOrArray()
    {
    }

    public JSONSchemaPropsOrArray(JSONSchemaProps schema)
    {
        Schema = schema;
    }

    public JSONSchemaPropsOrArray(List<JSONSchemaProps> schemas)
    {
        JSONSchemas = schemas;
    }

    public JSONSchemaProps? Schema { get; set; }

    /// <summary>The per-position schemas; when non-empty they are what goes on the wire.</summary>
    public List<JSONSchemaProps>? JSONSchemas { get; set; }

    public static implicit operator JSONSchemaPropsOrArray?(JSONSchemaProps? schema) => schema is null ? null : new JSONSchemaPropsOrArray(schema);
}
