using System.Collections.Generic;
using System.Text.Json.Serialization;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Models.ApiextensionsV1;

/// <summary>A JSON schema or a list of property names (dependencies).</summary>
[JsonConverter(typeof(SchemaOrStringArrayConverter<JSONSchemaPropsOrStringArray, JSONSchemaProps>))]
public sealed class JSONSchemaPropsOrStringArray : ISchemaOrStringArray<JSONSchemaProps>
{
    public JSONSchemaPropsOrStringArray()
    {
    }

    public JSONSchemaPropsOrStringArray(JSONSchemaProps schema)
    {
        Schema = schema;
    }

    public JSONSchemaPropsOrStringArray(List<string> property)
    {
        Property = property;
    }

    public JSONSchemaProps? Schema { get; set; }

    /// <summary>The property names; when non-empty they are what goes on the wire.</summary>
    public List<string>? Property { get; set; }

    public static implicit operator JSONSchemaPropsOrStringArray?(JSONSchemaProps? schema) => schema is null ? null : new JSONSchemaPropsOrStringArray(schema);
}
