using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kube.Client.Models.Serialization;

/// <summary>A map of metav1.Time values (PodDisruptionBudgetStatus.disruptedPods).</summary>
public sealed class TimeMapConverter : JsonConverter<Dictionary<string, DateTimeOffset>>
{
    public override Dictionary<string, DateTimeOffset> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected an object of timestamps, found {reader.TokenType}.");
        var map = new Dictionary<string, DateTimeOffset>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            map[key] = TimeConverter.ReadTimestamp(ref reader);
        }
        return map;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, DateTimeOffset> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var pair in value)
            writer.WriteString(pair.Key, Rfc3339.FormatSeconds(pair.Value));
        writer.WriteEndObject();
    }
}
