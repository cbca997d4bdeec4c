namespace Kube.Generator.Proto;

/// <summary>
/// A field of a Go API struct with a protobuf tag, as far as the wire forms need it: the Go type
/// (a leading '*' makes it a pointer, absent when nil), the JSON name and omitempty, and whether
/// JSON inlines it (an embedded struct whose fields JSON shows in the outer object).
/// </summary>
public sealed record GoField(string? Name, string GoType, string? JsonName, bool OmitEmpty, bool Inline, int? ProtoNumber, string? ProtoName, int Line)
{
    public bool IsPointer => GoType.StartsWith('*');
    public bool IsSlice => GoType.StartsWith("[]", System.StringComparison.Ordinal);
    public bool IsMap => GoType.StartsWith("map[", System.StringComparison.Ordinal);
}
