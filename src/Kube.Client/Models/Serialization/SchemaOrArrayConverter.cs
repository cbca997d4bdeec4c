using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kube.Client.Models.Serialization;

/// <summary>A schema object or an array of schemas (items); a non-empty array wins when writing.</summary>
internal sealed class SchemaOrArrayConverter<TUnion, TSchema> : JsonConverter<TUnion>
    where TUnion : class, ISchemaOrArray<TSchema>, new()
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
                union.JSONSchemas = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<List<TSchema>>)options.GetTypeInfo(typeof(List<TSchema>)));
                break;
            default:
                throw new JsonException($"Expected a JSON schema object or an array of them, found {reader.TokenType}.");
        }
        return union;
    }

    public override void Write(Utf8JsonWriter writer, TUnion value, JsonSerializerOptions options)
    {
        if (value.JSONSchemas is { Count: > 0 } schemas)
            JsonSerializer.Serialize(writer, schemas, (JsonTypeInfo<List<TSchema>>)options.GetTypeInfo(typeof(List<TSchema>)));
        else if (value.Schema is not null)
            JsonSerializer.Serialize(writer, value.Schema, (JsonTypeInfo<TSchema>)options.GetTypeInfo(typeof(TSchema)));
        else if (value.JSONSchemas is not null)
            JsonSerializer.Serialize(writer, value.JSONSchemas, (JsonTypeInfo<List<TSchema>>)options.GetTypeInfo(typeof(List<TSchema>)));
        else
            writer.WriteNullValue();
    }
}
