namespace Kube.Generator.Planning;

/// <summary>A BCL type: string, numbers, bool, byte[], DateTimeOffset, JsonElement.</summary>
public sealed record PrimitiveTypeRef(string Name, string Info, bool ValueType, string? Using, string? Converter = null) : TypeRef
{
    public static readonly PrimitiveTypeRef String = new("string", "String", false, null);
    public static readonly PrimitiveTypeRef Int32 = new("int", "Int32", true, null);
    public static readonly PrimitiveTypeRef Int64 = new("long", "Int64", true, null);
    public static readonly PrimitiveTypeRef Boolean = new("bool", "Boolean", true, null);
    public static readonly PrimitiveTypeRef Double = new("double", "Double", true, null);
    public static readonly PrimitiveTypeRef Bytes = new("byte[]", "ByteArray", false, null);
    public static readonly PrimitiveTypeRef Json = new("JsonElement", "JsonElement", true, "System.Text.Json");

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
