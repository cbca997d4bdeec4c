using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// Reads a JSON map of strings into a <see cref="Utf8StringMap"/> (its UTF-8, no strings made) and
/// writes it back as the dictionary would be written: the wire form of the generated properties that
/// hold large, rarely read maps (ConfigMap.data), behind their public dictionary property.
/// </summary>
internal sealed class Utf8StringMapConverter : JsonConverter<Utf8StringMap>
{
    public override Utf8StringMap Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Utf8StringMap.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, Utf8StringMap value, JsonSerializerOptions options) => value.Write(writer);
}
