using Kube.Generator.Proto;

namespace Kube.Generator.Planning.Protobuf;

/// <summary>
/// One proto field and where it goes: a property of the model, or (for a Go struct JSON inlines,
/// such as Volume's VolumeSource) an <see cref="Inline"/> part whose fields fill the same model.
/// </summary>
public sealed record ProtobufFieldPlan(ProtoField Field, GoField Go, ProtobufFieldShape Shape, ProtobufValue? Value, ModelProperty? Property, ProtobufInlinePlan? Inline)
{
    public int Number => Field.Number;

    /// <summary>The tag of the field as written: number and wire type.</summary>
    public uint Tag => (uint)(Number << 3) | (uint)(Shape != ProtobufFieldShape.Map && Value is not null ? Value.WireType : 2);

    /// <summary>
    /// Go leaves the field out when nil (a pointer, slice, map or named slice); otherwise the field is
    /// always on the wire, zero values included, and null in C# is written as the zero value.
    /// </summary>
    public bool GoNullable { get; init; }

    /// <summary>
    /// A non-pointer Go scalar with json omitempty: JSON leaves out its zero value, so reading a
    /// zero from protobuf gives null, as JSON does.
    /// </summary>
    public bool ZeroIsNull { get; init; }
}
