using System;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>
/// Walks the items of a protobuf list body (the envelope around a *List message: metadata = 1,
/// items = 2 in every built-in list) and decodes them one at a time, so a caller can hand each on
/// before the next is built. The body stays in the caller's buffer; positions, not spans, are kept
/// between calls.
/// </summary>
internal sealed class ProtobufListItemReader<T>
{
    private const uint MetadataTag = 1 << 3 | 2;
    private const uint ItemsTag = 2 << 3 | 2;

    private readonly ProtobufCodec<T> _item;
    private readonly int _rawStart;
    private readonly int _rawEnd;
    private int _position;

    /// <summary>Reads the envelope of <paramref name="body"/>; the items are read by <see cref="TryRead"/>.</summary>
    public ProtobufListItemReader(ReadOnlySpan<byte> body, ProtobufCodec<T> item)
    {
        _item = item ?? throw new ArgumentNullException(nameof(item));
        var envelope = ProtobufEnvelope.Read(body);
        var raw = envelope.Raw;
        if (!body.Overlaps(raw, out int offset))
            offset = 0; // an empty message: no bytes of the body hold it
        _rawStart = offset;
        _rawEnd = offset + raw.Length;
        _position = _rawStart;
        Kind = envelope.Kind;
        if (item.Kind is { } expected && Kind.Length > 0 && Kind != expected.Kind + "List")
            throw new ProtobufException($"Expected a {expected.Kind}List ({expected.ApiVersion}), found a {ProtobufEnvelope.Describe(envelope.ApiVersion, Kind)}.");
    }

    /// <summary>The list kind the envelope names ("PodList").</summary>
    public string Kind { get; }

    public ListMeta? Metadata { get; private set; }

    /// <summary>Decodes the next item of <paramref name="body"/> (the same bytes given to the constructor); false at the end.</summary>
    public bool TryRead(ReadOnlySpan<byte> body, out T item)
    {
        var message = body.Slice(_rawStart, _rawEnd - _rawStart);
        var reader = new ProtobufReader(message.Slice(_position - _rawStart));
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            if (tag == ItemsTag)
            {
                var bytes = reader.ReadLengthDelimited();
                _position += reader.Position;
                item = _item.DecodeMessage(bytes);
                return true;
            }
            if (tag == MetadataTag) Metadata = ListMeta.ReadProtobufField(ref reader, Metadata);
            else reader.SkipField(tag);
        }
        _position = _rawEnd;
        item = default!;
        return false;
    }
}
