using System;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>Bytes that are not the protobuf message expected (truncated, malformed, or of another kind).</summary>
public sealed class ProtobufException : FormatException
{
    public ProtobufException(string message)
        : base(message)
    {
    }

    public ProtobufException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
