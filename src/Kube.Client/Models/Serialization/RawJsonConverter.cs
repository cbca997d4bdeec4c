using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// Reads a JSON value into a <see cref="RawJson"/> (its compact text, no element built) and writes it
/// back unchanged: the wire form of the generated properties that hold rarely read arbitrary JSON
/// (fieldsV1), behind their public JsonElement property.
/// </summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => RawJson.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => value.WriteTo(writer);
}
