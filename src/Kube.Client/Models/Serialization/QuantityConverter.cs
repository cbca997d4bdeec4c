using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// A quantity is a JSON string; a bare JSON number is accepted too (as the API server does) and
/// keeps its exact text.
/// </summary>
/// <remarks>
/// The same few quantities ("250m", "128Mi") repeat across every object of a list, so the last one
/// read into each slot of a small table is handed out again for the same text: no string, no scan,
/// no object. A Quantity is immutable, so objects may share one.
/// </remarks>
public sealed class QuantityConverter : JsonConverter<Quantity>
{
    private const int CachedLength = 24;
    private static readonly Cached?[] Recent = new Cached?[256];

    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= CachedLength)
        {
            var utf8 = reader.ValueSpan;
            uint hash = 2166136261;
            foreach (byte b in utf8) hash = (hash ^ b) * 16777619;
            ref Cached? slot = ref Recent[hash & (uint)(Recent.Length - 1)];
            var cached = Volatile.Read(ref slot);
            if (cached is not null && utf8.SequenceEqual(cached.Utf8)) return cached.Value;
            var read = Parse(reader.GetString()!);
            Volatile.Write(ref slot, new Cached(utf8.ToArray(), read));
            return read;
        }
        return Parse(reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray()),
            _ => throw new JsonException($"Expected a quantity string such as \"500m\" or \"1Gi\", found {reader.TokenType}."),
        });
    }

    private static Quantity Parse(string text)
    {
        try
        {
            return Quantity.Parse(text);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    private sealed class Cached
    {
        public Cached(byte[] utf8, Quantity value)
        {
            Utf8 = utf8;
            Value = value;
        }

        public byte[] Utf8 { get; }

        public Quantity Value { get; }
    }
}
