namespace Kube.Generator.Planning.Protobuf;

/// <summary>What a proto field's value is read into.</summary>
public enum ProtobufValueKind
{
    /// <summary>string, int32, int64, bool, double, bytes.</summary>
    Scalar,

    /// <summary>A message with a generated model class.</summary>
    Message,

    /// <summary>A message standing for a Go named slice (type Verbs []string): one repeated field "items".</summary>
    WrappedList,

    IntOrString,
    Quantity,
    Time,
    MicroTime,

    /// <summary>RawExtension, FieldsV1, apiextensions JSON: one bytes field holding JSON, kept as a JsonElement.</summary>
    RawJson,

    SchemaOrArray,
    SchemaOrBool,
    SchemaOrStringArray,
}
