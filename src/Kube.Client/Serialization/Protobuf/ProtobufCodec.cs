using System;
using Kube.Client.Models;
using Kube.Client.Schema;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>
/// Reads and writes one model type in the API server's protobuf form, filling the same model
/// classes JSON does. The codecs of the built-in kinds are generated from the generated.proto files
/// (see KubeProtobufContext); fields the model does not know are kept on the object and written back.
/// The protobuf message carries no apiVersion and kind: the envelope does, and decoding copies them
/// onto the object as JSON decoding would.
/// </summary>
public sealed class ProtobufCodec<T> : IProtobufCodec
{
    private readonly ProtobufMessageReader<T> _read;
    private readonly Action<ProtobufWriter, T> _write;

    internal ProtobufCodec(GroupVersionKind? kind, ProtobufMessageReader<T> read, Action<ProtobufWriter, T> write)
    {
        Kind = kind;
        _read = read;
        _write = write;
    }

    public Type Type => typeof(T);

    public GroupVersionKind? Kind { get; }

    /// <summary>
    /// Decodes an envelope. Throws <see cref="ProtobufException"/> when the bytes are malformed or
    /// hold another kind than this codec's.
    /// </summary>
    public T Decode(ReadOnlySpan<byte> envelope)
    {
        var unknown = ProtobufEnvelope.Read(envelope);
        if (Kind is { } expected && unknown.Kind.Length > 0 && unknown.Kind != expected.Kind)
            throw new ProtobufException($"Expected a {expected.Kind} ({expected.ApiVersion}), found a {ProtobufEnvelope.Describe(unknown.ApiVersion, unknown.Kind)}.");
        var value = DecodeMessage(unknown.Raw);
        if (value is IKubeObject typed)
        {
            if (unknown.ApiVersion.Length > 0) typed.ApiVersion = unknown.ApiVersion;
            if (unknown.Kind.Length > 0) typed.Kind = unknown.Kind;
        }
        return value;
    }

    /// <summary>Decodes the bare message (no magic, no envelope).</summary>
    public T DecodeMessage(ReadOnlySpan<byte> message)
    {
        var reader = new ProtobufReader(message);
        try
        {
            return _read(ref reader);
        }
        catch (ProtobufException e)
        {
            throw new ProtobufException($"Could not decode a {typeof(T).Name} from protobuf: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="value"/> in an envelope; apiVersion and kind come from the object, else from <see cref="Kind"/>.</summary>
    public void Encode(T value, ProtobufWriter writer)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        if (writer is null) throw new ArgumentNullException(nameof(writer));
        string? apiVersion = null, kind = null;
        if (value is IKubeObject typed)
        {
            apiVersion = typed.ApiVersion;
            kind = typed.Kind;
        }
        if (string.IsNullOrEmpty(apiVersion)) apiVersion = Kind?.ApiVersion;
        if (string.IsNullOrEmpty(kind)) kind = Kind?.Kind;
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
            throw new ArgumentException($"A {typeof(T).Name} sent as protobuf needs apiVersion and kind; set them on the object.", nameof(value));
        ProtobufEnvelope.Write(writer, apiVersion!, kind!, (Value: value, Write: _write), static (w, state) => state.Write(w, state.Value));
    }

    public byte[] Encode(T value)
    {
        using var writer = new ProtobufWriter();
        Encode(value, writer);
        return writer.ToArray();
    }

    /// <summary>Writes the bare message (no magic, no envelope).</summary>
    public void EncodeMessage(T value, ProtobufWriter writer)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        _write(writer ?? throw new ArgumentNullException(nameof(writer)), value);
    }

    object IProtobufCodec.DecodeObject(ReadOnlySpan<byte> envelope) => Decode(envelope)!;

    void IProtobufCodec.EncodeObject(object value, ProtobufWriter writer) =>
        Encode(value is T typed ? typed : throw new ArgumentException($"Expected a {typeof(T).Name}, got {value?.GetType().Name ?? "null"}.", nameof(value)), writer);

    public override string ToString() => $"protobuf codec of {typeof(T).Name}" + (Kind is { } k ? $" ({k})" : "");
}
