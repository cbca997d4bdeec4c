using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kube.Client.Models.Serialization;

/// <summary>A schema object or an array of property names (dependencies); a non-empty array wins when writing.</summary>
internal sealed class SchemaOrStringArrayConverter<TUnion, TSchema> : JsonConverter<TUnion>
    where TUnion : class, ISchemaOrStringArray<TSchema>, new()
    where TSchema : class
{
    public override TUnion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var union = new TUnion();
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                union.Schema = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<TSchema>)options.GetTypeInfo(typeof(TSchema)));
                break;
            case JsonTokenType.StartArray:
                var names = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                        throw new JsonException($"Expected property names (strings) in the array, found {reader.TokenType}.");
                    names.Add(reader.GetString()!);
                }
                union.Property = names;
                break;
            default:
                throw new JsonException($"Expected a JSON schema object or an array of property names, found {reader.TokenType}.");
        }
        return union;
    }

    public override void Write(Utf8JsonWriter writer, TUnion value, JsonSerializerOptions options)
    {
        if (value.Property is { Count: > 0 } || (value.Schema is null && value.Property is not null))
        {
            writer.WriteStartArray();
            foreach (string name in value.Property) writer.WriteStringValue(name);
            writer.WriteEndArray();
        }
        else if (value.Schema is not null)
        {
            JsonSerializer.Serialize(writer, value.Schema, (JsonTypeInfo<TSchema>)options.GetTypeInfo(typeof(TSchema)));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
