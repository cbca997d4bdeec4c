using Kube.Client.Internal;
using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>
/// Reads protobuf wire format from a span: tags, varints, fixed 64-bit values and length-delimited
/// strings, bytes and nested messages. A nested message is read through a reader over just its
/// bytes (<see cref="ReadMessage"/>), so generated readers loop "while there is a tag" at every
/// level. Malformed input (a truncated value, a length past the end, nesting deeper than
/// <see cref="MaxDepth"/>) throws <see cref="ProtobufException"/> naming the byte offset.
/// </summary>
public ref struct ProtobufReader
{
    /// <summary>Nested messages deeper than this are refused (as JSON refuses deep documents) rather than exhausting the stack.</summary>
    public const int MaxDepth = 512;

    private const uint KeyTag = 1 << 3 | 2;
    private const uint ValueTag = 2 << 3 | 2;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _depth;
    private readonly int _offset;
    private int _position;
    private int _tagStart;

    public ProtobufReader(ReadOnlySpan<byte> data)
        : this(data, 0, 0)
    {
    }

    private ProtobufReader(ReadOnlySpan<byte> data, int depth, int offset)
    {
        _data = data;
        _depth = depth;
        _offset = offset;
        _position = 0;
        _tagStart = 0;
    }

    /// <summary>Bytes read so far from this reader's span.</summary>
    public int Position => _position;

    public int Length => _data.Length;

    public bool End => _position >= _data.Length;

    /// <summary>The next field tag (number and wire type), or 0 at the end of the message.</summary>
    public uint ReadTag()
    {
        _tagStart = _position;
        if (_position >= _data.Length) return 0;
        uint first = _data[_position];
        uint tag;
        if (first < 0x80)
        {
            _position++;
            tag = first;
        }
        else
        {
            ulong wide = ReadVarint();
            if (wide > uint.MaxValue) throw Error(_tagStart, "a field tag larger than 32 bits");
            tag = (uint)wide;
        }
        if (tag >> 3 == 0) throw Error(_tagStart, "a field tag with field number 0");
        return tag;
    }

    public ulong ReadVarint()
    {
        int start = _position;
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length) throw Error(start, "a varint cut off by the end of the message");
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Error(start, "a varint longer than 10 bytes");
    }

    /// <summary>An int32 field: negative values are sign-extended to ten bytes on the wire.</summary>
    public int ReadInt32() => unchecked((int)ReadVarint());

    public long ReadInt64() => unchecked((long)ReadVarint());

    public bool ReadBool() => ReadVarint() != 0;

    public double ReadDouble()
    {
        if (_data.Length - _position < 8) throw Error(_position, "a 64-bit value cut off by the end of the message");
        long bits = BinaryPrimitives.ReadInt64LittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return BitConverter.Int64BitsToDouble(bits);
    }

    /// <summary>The bytes of a length-delimited value (string, bytes or message), without copying.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        int start = _position;
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
            throw Error(start, $"a length of {length} bytes where only {_data.Length - _position} remain");
        var value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    /// <summary>A string field; inside a list decode, short ASCII strings come from the list's shared pool.</summary>
    public string ReadString()
    {
        var bytes = ReadLengthDelimited();
        return Kube.Client.Models.Serialization.ListStringPool.Current?.Get(bytes) ?? DecodeUtf8(bytes);
    }

    public byte[] ReadBytes() => ReadLengthDelimited().ToArray();

    /// <summary>A reader over the next nested message.</summary>
    public ProtobufReader ReadMessage()
    {
        int offset = _offset + _position;
        var bytes = ReadLengthDelimited();
        if (_depth + 1 > MaxDepth) throw Error(_tagStart, $"messages nested deeper than {MaxDepth}");
        return new ProtobufReader(bytes, _depth + 1, offset + (int)VarintSize((ulong)bytes.Length));
    }

    /// <summary>Reads one entry of a map&lt;string, string&gt; field (key = 1, value = 2) into <paramref name="map"/>.</summary>
    public void ReadStringMapEntry(Dictionary<string, string> map)
    {
        var entry = ReadMessage();
        string key = "", value = "";
        uint tag;
        while ((tag = entry.ReadTag()) != 0)
        {
            if (tag == KeyTag) key = entry.ReadString();
            else if (tag == ValueTag) value = entry.ReadString();
            else entry.SkipField(tag);
        }
        map[key] = value;
    }

    /// <summary>Reads one entry of a map&lt;string, bytes&gt; field into <paramref name="map"/>.</summary>
    public void ReadBytesMapEntry(Dictionary<string, byte[]> map)
    {
        var entry = ReadMessage();
        string key = "";
        byte[]? value = null;
        uint tag;
        while ((tag = entry.ReadTag()) != 0)
        {
            if (tag == KeyTag) key = entry.ReadString();
            else if (tag == ValueTag) value = entry.ReadBytes();
            else entry.SkipField(tag);
        }
        map[key] = value ?? Array.Empty<byte>();
    }

    /// <summary>
    /// Reads one entry of a map field whose values are messages into <paramref name="map"/>; a
    /// missing value is what <paramref name="readValue"/> makes of an empty message (Go's zero value).
    /// </summary>
    public void ReadMapEntry<T>(Dictionary<string, T> map, ProtobufMessageReader<T> readValue)
    {
        var entry = ReadMessage();
        string key = "";
        bool found = false;
        T value = default!;
        uint tag;
        while ((tag = entry.ReadTag()) != 0)
        {
            if (tag == KeyTag)
            {
                key = entry.ReadString();
            }
            else if (tag == ValueTag)
            {
                var message = entry.ReadMessage();
                value = readValue(ref message);
                found = true;
            }
            else
            {
                entry.SkipField(tag);
            }
        }
        if (!found)
        {
            var empty = new ProtobufReader(ReadOnlySpan<byte>.Empty, _depth + 1, _offset + _position);
            value = readValue(ref empty);
        }
        map[key] = value;
    }

    public void ReadPackedInt32(List<int> into)
    {
        var packed = new ProtobufReader(ReadLengthDelimited(), _depth, _offset + _position);
        while (!packed.End) into.Add(packed.ReadInt32());
    }

    public void ReadPackedInt64(List<long> into)
    {
        var packed = new ProtobufReader(ReadLengthDelimited(), _depth, _offset + _position);
        while (!packed.End) into.Add(packed.ReadInt64());
    }

    public void ReadPackedBool(List<bool> into)
    {
        var packed = new ProtobufReader(ReadLengthDelimited(), _depth, _offset + _position);
        while (!packed.End) into.Add(packed.ReadBool());
    }

    public void ReadPackedDouble(List<double> into)
    {
        var packed = new ProtobufReader(ReadLengthDelimited(), _depth, _offset + _position);
        while (!packed.End) into.Add(packed.ReadDouble());
    }

    /// <summary>Skips the value of the field whose tag was just read.</summary>
    public void SkipField(uint tag)
    {
        switch ((ProtobufWireType)(tag & 7))
        {
            case ProtobufWireType.Varint:
                ReadVarint();
                break;
            case ProtobufWireType.Fixed64:
                Advance(8);
                break;
            case ProtobufWireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case ProtobufWireType.Fixed32:
                Advance(4);
                break;
            case ProtobufWireType.StartGroup:
                SkipGroup(tag >> 3);
                break;
            default:
                throw Error(_tagStart, $"wire type {tag & 7} of field {tag >> 3}, which no field may have");
        }
    }

    /// <summary>
    /// Skips a field the reader does not know and appends its bytes (tag included) to
    /// <paramref name="unknown"/>, to be written back unchanged.
    /// </summary>
    public void SkipUnknown(uint tag, ref byte[]? unknown)
    {
        int start = _tagStart;
        SkipField(tag);
        unknown = UnknownFields.Append(unknown, _data.Slice(start, _position - start));
    }

    private void SkipGroup(uint number)
    {
        while (true)
        {
            uint tag = ReadTag();
            if (tag == 0) throw Error(_position, $"group {number} is never ended");
            if ((ProtobufWireType)(tag & 7) == ProtobufWireType.EndGroup)
            {
                if (tag >> 3 != number) throw Error(_tagStart, $"group {number} ended by the end of group {tag >> 3}");
                return;
            }
            SkipField(tag);
        }
    }

    private void Advance(int count)
    {
        if (_data.Length - _position < count) throw Error(_position, $"a {count * 8}-bit value cut off by the end of the message");
        _position += count;
    }

    internal static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    internal static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return "";
#if NET8_0_OR_GREATER
        return Encoding.UTF8.GetString(bytes);
#else
        byte[] rented = ArrayPool<byte>.Shared.Rent(bytes.Length);
        try
        {
            bytes.CopyTo(rented);
            return Encoding.UTF8.GetString(rented, 0, bytes.Length);
        }
        finally
        {
            PooledBuffers.Return(rented);
        }
#endif
    }

    private ProtobufException Error(int position, string what) =>
        new($"Malformed protobuf at byte {_offset + position}: {what}.");
}
