using System.Text.Json.Serialization;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Models.ApiextensionsV1;

/// <summary>
/// A JSON schema or a boolean (additionalProperties, additionalItems): false forbids, true allows
/// anything, a schema allows what matches it.
/// </summary>
[JsonConverter(typeof(SchemaOrBoolConverter<JSONSchemaPropsOrBool, JSONSchemaProps>))]
public sealed class JSONSchemaPropsOrBool : ISchemaOrBool<JSONSchemaProps>
{
    public JSONSchemaPropsOrBool()
    {
    }

    public JSONSchemaPropsOrBool(bool allows)
    {
        Allows = allows;
    }

    public JSONSchemaPropsOrBool(JSONSchemaProps schema)
    {
        Allows = true;
        Schema = schema;
    }

    /// <summary>True when anything (or what matches <see cref="Schema"/>) is allowed.</summary>
    public bool Allows { get; set; }

    /// <summary>The schema; when set it is what goes on the wire.</summary>
    public JSONSchemaProps? Schema { get; set; }

    public static implicit operator JSONSchemaPropsOrBool(bool allows) => new(allows);

    public static implicit operator JSONSchemaPropsOrBool?(JSONSchemaProps? schema) => schema is null ? null : new JSONSchemaPropsOrBool(schema);
}
