using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// The models' string converter: what System.Text.Json's own does, except that inside a list decode
/// (<see cref="ListStringPool.Current"/>) short ASCII strings, values and dictionary keys alike, come
/// from the list's pool, so the items share them.
/// </summary>
internal sealed class PooledStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadString(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadString(ref reader)!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (ListStringPool.Current is { } pool && !reader.ValueIsEscaped && !reader.HasValueSequence
            && (reader.TokenType == JsonTokenType.String || reader.TokenType == JsonTokenType.PropertyName)
            && pool.Get(reader.ValueSpan) is { } pooled)
            return pooled;
        return reader.GetString();
    }
}
