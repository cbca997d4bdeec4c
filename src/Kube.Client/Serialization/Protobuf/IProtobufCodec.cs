using System;
using Kube.Client.Schema;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>The protobuf form of one model type, for code that picks the codec at run time (by kind).</summary>
public interface IProtobufCodec
{
    Type Type { get; }

    /// <summary>The kind written into the envelope when the object does not name its own; null for types shared by many kinds.</summary>
    GroupVersionKind? Kind { get; }

    /// <summary>Decodes an envelope ("k8s\0" and runtime.Unknown) holding this type.</summary>
    object DecodeObject(ReadOnlySpan<byte> envelope);

    /// <summary>Writes the envelope of <paramref name="value"/>, which must be of <see cref="Type"/>.</summary>
    void EncodeObject(object value, ProtobufWriter writer);
}
