using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// A schema object or a boolean (additionalProperties, additionalItems). An object means "allowed,
/// with this schema"; writing prefers the schema when there is one.
/// </summary>
internal sealed class SchemaOrBoolConverter<TUnion, TSchema> : JsonConverter<TUnion>
    where TUnion : class, ISchemaOrBool<TSchema>, new()
    where TSchema : class
{
    public override TUnion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var union = new TUnion();
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                union.Allows = true;
                break;
            case JsonTokenType.False:
                union.Allows = false;
                break;
            case JsonTokenType.StartObject:
                union.Allows = true;
                union.Schema = JsonSerializer.Deserialize(ref reader, SchemaInfo(options));
                break;
            default:
                throw new JsonException($"Expected a boolean or a JSON schema object, found {reader.TokenType}.");
        }
        return union;
    }

    public override void Write(Utf8JsonWriter writer, TUnion value, JsonSerializerOptions options)
    {
        if (value.Schema is not null) JsonSerializer.Serialize(writer, value.Schema, SchemaInfo(options));
        else writer.WriteBooleanValue(value.Allows);
    }

    private static JsonTypeInfo<TSchema> SchemaInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<TSchema>)options.GetTypeInfo(typeof(TSchema));
}
