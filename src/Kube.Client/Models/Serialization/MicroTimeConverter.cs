using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kube.Client.Models.Serialization;

/// <summary>metav1.MicroTime on the wire: an RFC 3339 string with six fractional digits in UTC.</summary>
public sealed class MicroTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeConverter.ReadTimestamp(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Rfc3339.FormatMicroseconds(value));
}
