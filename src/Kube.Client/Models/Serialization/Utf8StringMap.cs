using Kube.Client.Internal;
using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// A map of strings kept as the UTF-8 it was read as, and made a <see cref="Dictionary{TKey,TValue}"/>
/// only when someone reads it. For maps that are large and rarely read (a ConfigMap's data, often
/// whole files): a dictionary costs two bytes per character plus a string and an entry per pair, on
/// every object an informer caches. Models keep it behind their public dictionary property
/// (<c>ConfigMap.Data</c>), which reads and writes exactly as a dictionary does: the first read makes
/// the dictionary, and from then on that dictionary (with any change made to it) is the value.
/// Safe to read from many threads: two racing first reads each decode, one dictionary wins.
/// The text is the pairs in order, each a key and a value as a length (a varint; for the value,
/// the length plus one, zero for a JSON null) and its unescaped UTF-8.
/// </summary>
public sealed class Utf8StringMap
{
    private byte[]? _utf8;
    private Dictionary<string, string>? _map;
    private readonly int _count;

    private Utf8StringMap(byte[] utf8, int count)
    {
        _utf8 = utf8;
        _count = count;
    }

    private Utf8StringMap(Dictionary<string, string> map)
    {
        _map = map;
    }

    /// <summary>What a model's dictionary property setter stores; null for null.</summary>
    public static Utf8StringMap? From(Dictionary<string, string>? map) => map is null ? null : new Utf8StringMap(map);

    /// <summary>The dictionary: made from the text on the first read, then kept (and the text dropped).</summary>
    public Dictionary<string, string> Map
    {
        get
        {
            var map = Volatile.Read(ref _map);
            if (map is not null) return map;
            var text = Volatile.Read(ref _utf8);
            // A racing read made the dictionary and dropped the text after publishing it.
            if (text is null) return Volatile.Read(ref _map)!;
            Interlocked.CompareExchange(ref _map, Decode(text, _count), null);
            Volatile.Write(ref _utf8, null);
            return _map!;
        }
    }

    /// <summary>The text, when the map has not been read as a dictionary (for tests).</summary>
    internal byte[]? Utf8 => Volatile.Read(ref _utf8);

    private static Dictionary<string, string> Decode(byte[] text, int count)
    {
        var map = new Dictionary<string, string>(count);
        int at = 0;
        while (at < text.Length)
        {
            int keyLength = ReadLength(text, ref at);
            string key = Encoding.UTF8.GetString(text, at, keyLength);
            at += keyLength;
            int valueLength = ReadLength(text, ref at);
            if (valueLength == 0)
            {
                map[key] = null!;
                continue;
            }
            map[key] = Encoding.UTF8.GetString(text, at, valueLength - 1);
            at += valueLength - 1;
        }
        return map;
    }

    /// <summary>Writes the map as a JSON object: from the text when it was never read, as the dictionary's own writer would.</summary>
    internal void Write(Utf8JsonWriter writer)
    {
        var text = Volatile.Read(ref _utf8);
        if (text is null)
        {
            writer.WriteStartObject();
            foreach (var pair in Map)
            {
                writer.WritePropertyName(pair.Key);
                if (pair.Value is null) writer.WriteNullValue();
                else writer.WriteStringValue(pair.Value);
            }
            writer.WriteEndObject();
            return;
        }
        writer.WriteStartObject();
        int at = 0;
        while (at < text.Length)
        {
            int keyLength = ReadLength(text, ref at);
            writer.WritePropertyName(text.AsSpan(at, keyLength));
            at += keyLength;
            int valueLength = ReadLength(text, ref at);
            if (valueLength == 0)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStringValue(text.AsSpan(at, valueLength - 1));
            at += valueLength - 1;
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads the JSON object the reader is on (a map of strings), leaving the reader on its end as a
    /// converter must. A key given twice makes the dictionary at once (the last value wins, as the
    /// dictionary's own reader does); a value that is not a string or null is an error.
    /// </summary>
    internal static Utf8StringMap Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"A map of strings must be a JSON object, not {Describe(reader.TokenType)}.");
        var builder = new Builder();
        try
        {
            while (true)
            {
                if (!reader.Read()) throw new JsonException("The map of strings ended early.");
                if (reader.TokenType == JsonTokenType.EndObject) return builder.Build();
                int keyStart = builder.Length;
                builder.AppendString(ref reader, nullable: false);
                int keyEnd = builder.Length;
                if (!reader.Read()) throw new JsonException("The map of strings ended early.");
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    string key = builder.KeyAt(keyStart, keyEnd);
                    throw new JsonException($"The value of \"{key}\" in a map of strings is {Describe(reader.TokenType)}, not a string.");
                }
                builder.AppendString(ref reader, nullable: true);
                builder.EndPair(keyStart, keyEnd);
            }
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static int ReadLength(byte[] text, ref int at)
    {
        int value = 0;
        int shift = 0;
        while (true)
        {
            byte b = text[at++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }

    /// <summary>The text being read: a pooled buffer, the pairs' key hashes to find a key given twice.</summary>
    private struct Builder : IDisposable
    {
        private byte[] _buffer;
        private int _length;
        private int[] _hashes;
        private int _count;
        private bool _duplicate;

        public Builder()
        {
            _buffer = ArrayPool<byte>.Shared.Rent(512);
            _hashes = ArrayPool<int>.Shared.Rent(16);
            _length = 0;
            _count = 0;
            _duplicate = false;
        }

        public readonly int Length => _length;

        /// <summary>Appends the string (property name or value) the reader is on, length first.</summary>
        public void AppendString(ref Utf8JsonReader reader, bool nullable)
        {
            if (reader.TokenType == JsonTokenType.Null && nullable)
            {
                Ensure(1);
                _buffer[_length++] = 0;
                return;
            }
            int most = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            // Room for the longest length prefix, then the text (unescaping only shortens it).
            Ensure(most + 5);
            int prefixAt = _length;
            int written;
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                reader.ValueSpan.CopyTo(_buffer.AsSpan(prefixAt + 5));
                written = reader.ValueSpan.Length;
            }
            else
            {
                written = reader.CopyString(_buffer.AsSpan(prefixAt + 5));
            }
            int prefix = WriteLength(_buffer, prefixAt, nullable ? written + 1 : written);
            if (prefix != 5) Buffer.BlockCopy(_buffer, prefixAt + 5, _buffer, prefixAt + prefix, written);
            _length = prefixAt + prefix + written;
        }

        public readonly string KeyAt(int start, int end)
        {
            int at = start;
            int length = ReadLength(_buffer, ref at);
            return Encoding.UTF8.GetString(_buffer, at, Math.Min(length, end - at));
        }

        /// <summary>Notes the pair's key (bytes from <paramref name="keyStart"/>, with its prefix) to find one given twice.</summary>
        public void EndPair(int keyStart, int keyEnd)
        {
            var key = _buffer.AsSpan(keyStart, keyEnd - keyStart);
            int hash = Hash(key);
            for (int i = 0; i < _count && !_duplicate; i++)
            {
                // Hashes are kept beside each key's start, in pairs.
                if (_hashes[2 * i] == hash && key.SequenceEqual(_buffer.AsSpan(_hashes[2 * i + 1], key.Length))) _duplicate = true;
            }
            if (2 * _count + 2 > _hashes.Length)
            {
                var larger = ArrayPool<int>.Shared.Rent(_hashes.Length * 2);
                Array.Copy(_hashes, larger, 2 * _count);
                ArrayPool<int>.Shared.Return(_hashes);
                _hashes = larger;
            }
            _hashes[2 * _count] = hash;
            _hashes[2 * _count + 1] = keyStart;
            _count++;
        }

        public readonly Utf8StringMap Build()
        {
            var text = _buffer.AsSpan(0, _length).ToArray();
            return _duplicate ? new Utf8StringMap(Decode(text, _count)) : new Utf8StringMap(text, _count);
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _length);
            PooledBuffers.Return(_buffer);
            _buffer = larger;
        }

        public void Dispose()
        {
            PooledBuffers.Return(_buffer);
            ArrayPool<int>.Shared.Return(_hashes);
            _buffer = null!;
            _hashes = null!;
        }

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            uint hash = 2166136261;
            foreach (byte b in bytes) hash = (hash ^ b) * 16777619;
            return (int)hash;
        }

        private static int WriteLength(byte[] buffer, int at, int value)
        {
            int start = at;
            uint v = (uint)value;
            while (v >= 0x80)
            {
                buffer[at++] = (byte)(v | 0x80);
                v >>= 7;
            }
            buffer[at++] = (byte)v;
            return at - start;
        }
    }
}
