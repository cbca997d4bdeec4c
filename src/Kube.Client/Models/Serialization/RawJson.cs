using Kube.Client.Internal;
using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// A JSON value kept as the compact UTF-8 text it was read as, and made a <see cref="JsonElement"/>
/// only when someone reads it. For values that are large and rarely read (a managedFields entry's
/// fieldsV1, half the JSON of a typical Pod): a JsonElement costs a copy of the text plus an index
/// of 12 bytes per token, about three times the text for a fieldsV1 tree, on every object decoded.
/// Immutable; safe to read from many threads (two racing first reads each parse, one result wins).
/// Models keep it behind their public JsonElement property (<c>ManagedFieldsEntry.FieldsV1</c>).
/// </summary>
public sealed class RawJson
{
    private readonly byte[]? _utf8;
    private readonly JsonElement _given;
    private StrongBox<JsonElement>? _parsed;

    private RawJson(byte[] utf8)
    {
        _utf8 = utf8;
    }

    private RawJson(JsonElement element)
    {
        _given = element;
    }

    /// <summary>The value; parsed from the text on first use.</summary>
    public JsonElement Element
    {
        get
        {
            if (_utf8 is null) return _given;
            var parsed = Volatile.Read(ref _parsed);
            if (parsed is null)
            {
                var reader = new Utf8JsonReader(_utf8);
                reader.Read();
                Interlocked.CompareExchange(ref _parsed, new StrongBox<JsonElement>(JsonElement.ParseValue(ref reader)), null);
                parsed = _parsed!;
            }
            return parsed.Value;
        }
    }

    /// <summary>The compact UTF-8 text; null when the value was given as an element.</summary>
    internal byte[]? Utf8 => _utf8;

    /// <summary>What a model's JsonElement property setter stores; null for null.</summary>
    public static RawJson? From(JsonElement? value) => value is { } element ? new RawJson(element) : null;

    /// <summary>
    /// Reads the value the reader is on (object, array or scalar) as compact UTF-8, leaving the reader
    /// on its last token as a converter must. Strings keep their escapes exactly as received.
    /// </summary>
    internal static RawJson Read(ref Utf8JsonReader reader)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(256);
        int length = 0;
        try
        {
            int depth = reader.CurrentDepth;
            bool comma = false;
            while (true)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (comma) Append(ref buffer, ref length, (byte)',');
                        Append(ref buffer, ref length, reader.TokenType == JsonTokenType.StartObject ? (byte)'{' : (byte)'[');
                        comma = false;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        Append(ref buffer, ref length, reader.TokenType == JsonTokenType.EndObject ? (byte)'}' : (byte)']');
                        comma = true;
                        break;
                    case JsonTokenType.PropertyName:
                        if (comma) Append(ref buffer, ref length, (byte)',');
                        Append(ref buffer, ref length, (byte)'"');
                        AppendValue(ref reader, ref buffer, ref length);
                        Append(ref buffer, ref length, (byte)'"');
                        Append(ref buffer, ref length, (byte)':');
                        comma = false;
                        break;
                    case JsonTokenType.String:
                        if (comma) Append(ref buffer, ref length, (byte)',');
                        Append(ref buffer, ref length, (byte)'"');
                        AppendValue(ref reader, ref buffer, ref length);
                        Append(ref buffer, ref length, (byte)'"');
                        comma = true;
                        break;
                    case JsonTokenType.Number:
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                    case JsonTokenType.Null:
                        if (comma) Append(ref buffer, ref length, (byte)',');
                        AppendValue(ref reader, ref buffer, ref length);
                        comma = true;
                        break;
                    default:
                        throw new JsonException($"Unexpected {reader.TokenType} in a JSON value.");
                }
                bool ended = reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName);
                if (ended) break;
                if (!reader.Read()) throw new JsonException("The JSON value ended early.");
            }
            return new RawJson(new ReadOnlySpan<byte>(buffer, 0, length).ToArray());
        }
        finally
        {
            PooledBuffers.Return(buffer);
        }
    }

    /// <summary>
    /// Writes the value as its element would be written: strings and names through the writer (so
    /// escaping follows the writer's encoder, whatever escapes the text came with), numbers as read.
    /// No element is built.
    /// </summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        if (_utf8 is null)
        {
            _given.WriteTo(writer);
            return;
        }
        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { MaxDepth = 512 });
        byte[]? scratch = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(Unescaped(ref reader, ref scratch)); break;
                    case JsonTokenType.String: writer.WriteStringValue(Unescaped(ref reader, ref scratch)); break;
                    case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                }
            }
        }
        finally
        {
            if (scratch is not null) PooledBuffers.Return(scratch);
        }
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, ref byte[]? scratch)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        if (scratch is null || scratch.Length < reader.ValueSpan.Length)
        {
            if (scratch is not null) PooledBuffers.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(Math.Max(256, reader.ValueSpan.Length));
        }
        int length = reader.CopyString(scratch);
        return new ReadOnlySpan<byte>(scratch, 0, length);
    }

    /// <summary>Equal texts (for sharing one copy among cached objects); false for values given as elements.</summary>
    internal bool SameText(RawJson other) =>
        _utf8 is not null && other._utf8 is not null && _utf8.AsSpan().SequenceEqual(other._utf8);

    private static void AppendValue(ref Utf8JsonReader reader, ref byte[] buffer, ref int length)
    {
        if (reader.HasValueSequence)
        {
            var sequence = reader.ValueSequence;
            Reserve(ref buffer, length, checked((int)sequence.Length));
            foreach (var segment in sequence)
            {
                segment.Span.CopyTo(buffer.AsSpan(length));
                length += segment.Length;
            }
            return;
        }
        var span = reader.ValueSpan;
        Reserve(ref buffer, length, span.Length);
        span.CopyTo(buffer.AsSpan(length));
        length += span.Length;
    }

    private static void Append(ref byte[] buffer, ref int length, byte value)
    {
        if (length == buffer.Length) Reserve(ref buffer, length, 1);
        buffer[length++] = value;
    }

    private static void Reserve(ref byte[] buffer, int length, int more)
    {
        if (buffer.Length - length >= more) return;
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + more));
        Buffer.BlockCopy(buffer, 0, bigger, 0, length);
        PooledBuffers.Return(buffer);
        buffer = bigger;
    }
}
