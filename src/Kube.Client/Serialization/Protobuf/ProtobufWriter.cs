using Kube.Client.Internal;
using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>
/// Writes protobuf wire format into a buffer rented from <see cref="ArrayPool{T}.Shared"/> (returned
/// on <see cref="Dispose"/>). A nested message is written between <see cref="BeginMessage"/> and
/// <see cref="EndMessage"/>: one byte is reserved for its length, and the rare message of 128 bytes
/// or more is moved up to make room for a longer length, so no size pass over the model is needed.
/// Not thread-safe.
/// </summary>
public sealed class ProtobufWriter : IDisposable
{
    private const uint KeyTag = 1 << 3 | 2;
    private const uint ValueTag = 2 << 3 | 2;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private byte[] _buffer;
    private int _length;

    public ProtobufWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
    }

    public int Length => _length;

    /// <summary>What was written; valid until the next write or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => new(_buffer, 0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => new(_buffer, 0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Clear() => _length = 0;

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    public void WriteTag(uint tag) => WriteVarint(tag);

    /// <summary>An int32 field; a negative value takes ten bytes, sign-extended as protobuf requires.</summary>
    public void WriteInt32(uint tag, int value)
    {
        WriteTag(tag);
        WriteVarint(unchecked((ulong)(long)value));
    }

    public void WriteInt64(uint tag, long value)
    {
        WriteTag(tag);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteBool(uint tag, bool value)
    {
        WriteTag(tag);
        Ensure(1);
        _buffer[_length++] = value ? (byte)1 : (byte)0;
    }

    public void WriteDouble(uint tag, double value)
    {
        WriteTag(tag);
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length, 8), BitConverter.DoubleToInt64Bits(value));
        _length += 8;
    }

    public void WriteString(uint tag, string value)
    {
        WriteTag(tag);
        if (value.Length == 0)
        {
            WriteVarint(0);
            return;
        }
        int count = Utf8.GetByteCount(value);
        WriteVarint((ulong)count);
        Ensure(count);
        _length += Utf8.GetBytes(value, 0, value.Length, _buffer, _length);
    }

    public void WriteBytes(uint tag, ReadOnlySpan<byte> value)
    {
        WriteTag(tag);
        WriteVarint((ulong)value.Length);
        WriteRaw(value);
    }

    /// <summary>Bytes as they are: unknown fields kept from a read, or a message encoded elsewhere.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Starts a nested message field; returns the mark to pass to <see cref="EndMessage"/>.</summary>
    public int BeginMessage(uint tag)
    {
        WriteTag(tag);
        Ensure(1);
        _length++;
        return _length;
    }

    /// <summary>Ends the nested message begun at <paramref name="mark"/>, writing its length before it.</summary>
    public void EndMessage(int mark)
    {
        int size = _length - mark;
        if (size < 0x80)
        {
            _buffer[mark - 1] = (byte)size;
            return;
        }
        int extra = ProtobufReader.VarintSize((ulong)size) - 1;
        Ensure(extra);
        Buffer.BlockCopy(_buffer, mark, _buffer, mark + extra, size);
        int at = mark - 1;
        ulong value = (ulong)size;
        while (value >= 0x80)
        {
            _buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[at] = (byte)value;
        _length += extra;
    }

    /// <summary>A map&lt;string, string&gt; field: one entry message per key, in Go's key order.</summary>
    public void WriteStringMap(uint tag, IDictionary<string, string> map)
    {
        foreach (string key in Utf8KeyOrder.SortedKeys(map))
        {
            int mark = BeginMessage(tag);
            WriteString(KeyTag, key);
            WriteString(ValueTag, map[key] ?? "");
            EndMessage(mark);
        }
    }

    /// <summary>A map&lt;string, bytes&gt; field; a null value is left out of its entry, as Go leaves out a nil slice.</summary>
    public void WriteBytesMap(uint tag, IDictionary<string, byte[]> map)
    {
        foreach (string key in Utf8KeyOrder.SortedKeys(map))
        {
            int mark = BeginMessage(tag);
            WriteString(KeyTag, key);
            if (map[key] is { } value) WriteBytes(ValueTag, value);
            EndMessage(mark);
        }
    }

    /// <summary>A map field whose values are messages; <paramref name="writeValue"/> writes a value's fields.</summary>
    public void WriteMap<T>(uint tag, IDictionary<string, T> map, Action<ProtobufWriter, T> writeValue)
    {
        foreach (string key in Utf8KeyOrder.SortedKeys(map))
        {
            int mark = BeginMessage(tag);
            WriteString(KeyTag, key);
            int value = BeginMessage(ValueTag);
            if (map[key] is { } item) writeValue(this, item);
            EndMessage(value);
            EndMessage(mark);
        }
    }

    /// <summary>A message field with no fields set.</summary>
    public void WriteEmptyMessage(uint tag)
    {
        WriteTag(tag);
        Ensure(1);
        _buffer[_length++] = 0;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        _length = 0;
        if (buffer.Length > 0) PooledBuffers.Return(buffer);
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _length >= count) return;
        if (_buffer.Length == 0) throw new ObjectDisposedException(nameof(ProtobufWriter));
        int wanted = Math.Max(_buffer.Length * 2, _length + count);
        var bigger = ArrayPool<byte>.Shared.Rent(wanted);
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
        PooledBuffers.Return(_buffer);
        _buffer = bigger;
    }
}
