using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kube.Client.Models.Serialization;

/// <summary>A JSON number becomes an integer IntOrString, a JSON string a string one.</summary>
public sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return IntOrString.FromString(reader.GetString()!);
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out int value)) return IntOrString.FromInt(value);
                throw new JsonException("An int-or-string number must be a 32-bit integer.");
            default:
                throw new JsonException($"Expected an integer or a string for an int-or-string value, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.IsInt) writer.WriteNumberValue(value.IntValue);
        else writer.WriteStringValue(value.StringValue);
    }
}
