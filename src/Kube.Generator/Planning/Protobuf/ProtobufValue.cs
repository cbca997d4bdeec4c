using Kube.Generator.Proto;

namespace Kube.Generator.Planning.Protobuf;

/// <summary>
/// The value of a field (an element, for repeated and map fields): its kind, the C# type it becomes,
/// and for messages the model class (or, for a wrapped list, the element value).
/// </summary>
public sealed record ProtobufValue(ProtobufValueKind Kind, TypeRef Type, string? Scalar = null, ModelClass? Model = null, ProtobufValue? Element = null, ProtoMessage? Message = null)
{
    /// <summary>The wire type of this value: 0 varint, 1 fixed 64-bit, 2 length-delimited.</summary>
    public int WireType => Kind != ProtobufValueKind.Scalar ? 2 : Scalar switch
    {
        "int32" or "int64" or "bool" => 0,
        "double" => 1,
        _ => 2,
    };

    public bool IsPackable => Kind == ProtobufValueKind.Scalar && WireType != 2;
}
