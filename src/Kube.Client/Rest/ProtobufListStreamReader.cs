using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.Serialization;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Rest;

/// <summary>
/// Reads a protobuf list body ("k8s\0", then the runtime.Unknown envelope whose raw field holds the
/// *List message: metadata = 1, items = 2) from a stream and decodes its items one at a time as their
/// bytes arrive, as <see cref="JsonListItemReader{T}"/> does for JSON: the decode of one item overlaps
/// the server's writing of the next, and no more than the largest item (plus a read's worth) is
/// buffered, instead of the whole body. With <c>shareStrings</c> the items share their short strings
/// (<see cref="ListStringPool"/>), for callers that keep them. The list's own fields other than items (metadata, and any the
/// model does not know) are kept as bytes in <see cref="ListFields"/>, so the list object can be built
/// by the list's codec exactly as a whole-body decode would.
/// </summary>
internal sealed class ProtobufListStreamReader<T> : IAsyncDisposable
{
    private const int InitialSize = 64 * 1024;
    private const uint TypeMetaTag = 1 << 3 | 2;
    private const uint RawTag = 2 << 3 | 2;
    private const uint ContentEncodingTag = 3 << 3 | 2;
    private const uint ContentTypeTag = 4 << 3 | 2;
    private const uint ApiVersionTag = 1 << 3 | 2;
    private const uint KindTag = 2 << 3 | 2;
    private const uint MetadataTag = 1 << 3 | 2;
    private const uint ItemsTag = 2 << 3 | 2;

    private readonly Stream _stream;
    private readonly ProtobufCodec<T> _item;
    private byte[] _buffer;
    private int _position;     // first byte not yet consumed
    private int _end;          // end of the bytes read
    private long _consumed;    // the offset in the body of _buffer[0]
    private bool _eof;
    private Phase _phase;
    private long _rawEnd;      // absolute offset where the list message ends
    private string _contentEncoding = "";
    private string _contentType = "";
    private ProtobufWriter? _listFields;
    private readonly ListStringPool? _strings;

    public ProtobufListStreamReader(Stream stream, ProtobufCodec<T> item, int initialSize = InitialSize, bool shareStrings = false)
    {
        if (shareStrings) _strings = new ListStringPool();
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _item = item ?? throw new ArgumentNullException(nameof(item));
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialSize));
    }

    private enum Phase
    {
        Magic,
        Envelope,
        InList,
        Done,
    }

    private enum Step
    {
        Item,
        NeedMore,
        End,
    }

    /// <summary>The list's apiVersion and kind from the envelope ("v1", "PodList"); empty when it names none.</summary>
    public string ApiVersion { get; private set; } = "";

    public string Kind { get; private set; } = "";

    /// <summary>The list's metadata (resourceVersion, continue), once read: the API server writes it before the items.</summary>
    public ListMeta? Metadata { get; private set; }

    /// <summary>The last item read; valid after <see cref="ReadAsync"/> returned true.</summary>
    public T Current { get; private set; } = default!;

    /// <summary>The list message's fields other than its items, as they came (tags included); empty when there were none.</summary>
    public ReadOnlySpan<byte> ListFields => _listFields is null ? default : _listFields.WrittenSpan;

    /// <summary>Reads the next item; false once the body has ended.</summary>
    /// <exception cref="ProtobufException">The body is not a protobuf list, is malformed, or ends inside the list.</exception>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var step = TryRead();
            if (step == Step.Item) return true;
            if (step == Step.End) return false;
            if (_eof) throw Malformed($"the body ended early, after {_consumed + _end} bytes, inside the {(_phase == Phase.InList ? "list" : "envelope")}");
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Step TryRead()
    {
        while (true)
        {
            var available = new ReadOnlySpan<byte>(_buffer, _position, _end - _position);
            switch (_phase)
            {
                case Phase.Magic:
                    if (available.Length < 4 && !_eof) return Step.NeedMore;
                    if (!ProtobufEnvelope.HasMagic(available))
                        ProtobufEnvelope.Read(available); // throws, saying what the body starts with
                    _position += 4;
                    _phase = Phase.Envelope;
                    break;

                case Phase.Envelope:
                {
                    if (available.IsEmpty && _eof)
                    {
                        Finish();
                        return Step.End;
                    }
                    int tagSize = TryVarint(available, out ulong tag);
                    if (tagSize < 0) return Step.NeedMore;
                    if (tag == RawTag)
                    {
                        int lengthSize = TryVarint(available.Slice(tagSize), out ulong length);
                        if (lengthSize < 0) return Step.NeedMore;
                        _position += tagSize + lengthSize;
                        _rawEnd = Offset + (long)length;
                        _phase = Phase.InList;
                        break;
                    }
                    int size = TryMeasureField(available, long.MaxValue);
                    if (size < 0) return Step.NeedMore;
                    ReadEnvelopeField(available.Slice(0, size));
                    _position += size;
                    break;
                }

                case Phase.InList:
                {
                    long left = _rawEnd - Offset;
                    if (left == 0)
                    {
                        _phase = Phase.Envelope;
                        break;
                    }
                    int size = TryMeasureField(available, left);
                    if (size < 0) return Step.NeedMore;
                    var field = available.Slice(0, size);
                    var reader = new ProtobufReader(field);
                    uint fieldTag = reader.ReadTag();
                    _position += size;
                    if (fieldTag == ItemsTag)
                    {
                        if (_strings is null)
                        {
                            Current = _item.DecodeMessage(reader.ReadLengthDelimited());
                        }
                        else
                        {
                            using (_strings.Enter())
                                Current = _item.DecodeMessage(reader.ReadLengthDelimited());
                        }
                        return Step.Item;
                    }
                    if (fieldTag == MetadataTag) Metadata = ListMeta.ReadProtobufField(ref reader, Metadata);
                    (_listFields ??= new ProtobufWriter(field.Length + 64)).WriteRaw(field);
                    break;
                }

                default:
                    return Step.End;
            }
        }
    }

    /// <summary>The absolute offset in the body of <see cref="_position"/>.</summary>
    private long Offset => _consumed + _position;

    private void ReadEnvelopeField(ReadOnlySpan<byte> field)
    {
        var reader = new ProtobufReader(field);
        uint tag = reader.ReadTag();
        switch (tag)
        {
            case TypeMetaTag:
                var typeMeta = reader.ReadMessage();
                uint inner;
                while ((inner = typeMeta.ReadTag()) != 0)
                {
                    if (inner == ApiVersionTag) ApiVersion = typeMeta.ReadString();
                    else if (inner == KindTag) Kind = typeMeta.ReadString();
                    else typeMeta.SkipField(inner);
                }
                if (_item.Kind is { } expected && Kind.Length > 0 && Kind != expected.Kind + "List")
                    throw new ProtobufException($"Expected a {expected.Kind}List ({expected.ApiVersion}), found a {ProtobufEnvelope.Describe(ApiVersion, Kind)}.");
                break;
            case ContentEncodingTag:
                _contentEncoding = reader.ReadString();
                break;
            case ContentTypeTag:
                _contentType = reader.ReadString();
                break;
            default:
                reader.SkipField(tag);
                break;
        }
    }

    /// <summary>The checks a whole-envelope read makes, once the envelope has ended.</summary>
    private void Finish()
    {
        _phase = Phase.Done;
        if (_contentEncoding.Length > 0)
            throw new ProtobufException($"The {ProtobufEnvelope.Describe(ApiVersion, Kind)} envelope uses the content encoding \"{_contentEncoding}\", which is not supported.");
        if (_contentType.Length > 0 && !_contentType.StartsWith(ProtobufEnvelope.MediaType, StringComparison.OrdinalIgnoreCase))
            throw new ProtobufException($"The {ProtobufEnvelope.Describe(ApiVersion, Kind)} envelope holds \"{_contentType}\" content, not protobuf.");
    }

    /// <summary>
    /// The size of the whole field (tag, length and value) at the start of <paramref name="data"/>,
    /// or -1 when its bytes are not all read yet. A field may not reach past <paramref name="limit"/> bytes.
    /// </summary>
    private int TryMeasureField(ReadOnlySpan<byte> data, long limit)
    {
        int tagSize = TryVarint(data, out ulong tag);
        if (tagSize < 0) return -1;
        if (tag > uint.MaxValue || tag >> 3 == 0) throw Malformed($"a field tag {tag} that no field may have");
        long size;
        switch ((ProtobufWireType)(tag & 7))
        {
            case ProtobufWireType.Varint:
            {
                int valueSize = TryVarint(data.Slice(tagSize), out _);
                if (valueSize < 0) return -1;
                size = tagSize + valueSize;
                break;
            }
            case ProtobufWireType.Fixed64:
                size = tagSize + 8;
                break;
            case ProtobufWireType.Fixed32:
                size = tagSize + 4;
                break;
            case ProtobufWireType.LengthDelimited:
            {
                int lengthSize = TryVarint(data.Slice(tagSize), out ulong length);
                if (lengthSize < 0) return -1;
                if (length > int.MaxValue / 2) throw Malformed($"a field of {length} bytes");
                size = tagSize + lengthSize + (long)length;
                break;
            }
            default:
                throw Malformed($"wire type {tag & 7} of field {tag >> 3} in a list body");
        }
        if (size > limit) throw Malformed($"a field of {size} bytes where the list has {limit} left");
        return size <= data.Length ? (int)size : -1;
    }

    /// <summary>Reads a varint at the start of <paramref name="data"/>: its size, or -1 when it is cut off by the end of the bytes read so far.</summary>
    private int TryVarint(ReadOnlySpan<byte> data, out ulong value)
    {
        value = 0;
        for (int i = 0; i < 10; i++)
        {
            if (i >= data.Length)
            {
                if (_eof) throw Malformed("a varint cut off by the end of the body");
                return -1;
            }
            byte b = data[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80) return i + 1;
        }
        throw Malformed("a varint longer than 10 bytes");
    }

    private ProtobufException Malformed(string what) => new($"Malformed protobuf list at byte {Offset}: {what}.");

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        int pending = _end - _position;
        if (_position > 0 && (pending == 0 || _end == _buffer.Length || _position > _buffer.Length / 2))
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, pending);
            _consumed += _position;
            _position = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) PooledBuffers.Grow(ref _buffer, 0, _end);
        int read = await PooledBuffers.ReadAsync(_stream, _buffer, _end, cancellationToken).ConfigureAwait(false);
        if (read == 0) _eof = true;
        _end += read;
    }

    public ValueTask DisposeAsync()
    {
        byte[] buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0) PooledBuffers.Return(buffer);
        _listFields?.Dispose();
        _listFields = null;
        return default;
    }
}
