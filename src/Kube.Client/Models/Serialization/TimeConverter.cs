using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kube.Client.Models.Serialization;

/// <summary>metav1.Time on the wire: an RFC 3339 string with whole seconds in UTC.</summary>
public sealed class TimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadTimestamp(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Rfc3339.FormatSeconds(value));

    internal static DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"Expected an RFC 3339 timestamp string, found {reader.TokenType}.");
        string text = reader.GetString()!;
        if (!Rfc3339.TryParse(text, out var value))
            throw new JsonException($"'{text}' is not an RFC 3339 timestamp such as '2006-01-02T15:04:05Z'.");
        return value;
    }
}
