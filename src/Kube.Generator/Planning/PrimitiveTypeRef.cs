namespace Kube.Generator.Planning;

/// <summary>A BCL type: string, numbers, bool, byte[], DateTimeOffset, JsonElement.</summary>
/// <param name="KeptAsText">A JsonElement property whose value is kept as its UTF-8 text until read (see <see cref="RawJson"/>).</param>
public sealed record PrimitiveTypeRef(string Name, string Info, bool ValueType, string? Using, string? Converter = null, bool KeptAsText = false) : TypeRef
{
    public static readonly PrimitiveTypeRef String = new("string", "String", false, null);
    public static readonly PrimitiveTypeRef Int32 = new("int", "Int32", true, null);
    public static readonly PrimitiveTypeRef Int64 = new("long", "Int64", true, null);
    public static readonly PrimitiveTypeRef Boolean = new("bool", "Boolean", true, null);
    public static readonly PrimitiveTypeRef Double = new("double", "Double", true, null);
    public static readonly PrimitiveTypeRef Bytes = new("byte[]", "ByteArray", false, null);
    public static readonly PrimitiveTypeRef Json = new("JsonElement", "JsonElement", true, "System.Text.Json");

    /// <summary>
    /// Arbitrary JSON that is large and rarely read (fieldsV1): a public JsonElement property over an
    /// internal RawJson one that holds the text (Kube.Client.Models.Serialization.RawJson), so decoding
    /// builds no element.
    /// </summary>
    public static readonly PrimitiveTypeRef RawJson = new("JsonElement", "JsonElement", true, "System.Text.Json", KeptAsText: true);

    /// <summary>metav1.Time: whole seconds on the wire.</summary>
    public static readonly PrimitiveTypeRef Time = new("DateTimeOffset", "DateTimeOffset", true, "System", "TimeConverter");

    /// <summary>metav1.MicroTime: microseconds on the wire.</summary>
    public static readonly PrimitiveTypeRef MicroTime = new("DateTimeOffset", "DateTimeOffset", true, "System", "MicroTimeConverter");

    public override string Code(string modelNamespace) => Name;
    public override string ClientCode => Name;
    public override string InfoName => Info;
    public override bool IsValueType => ValueType;
    public override string? RequiredUsing => Using;
}
