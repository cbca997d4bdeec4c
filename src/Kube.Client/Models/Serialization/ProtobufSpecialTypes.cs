using System;
using System.Collections.Generic;
using System.Text.Json;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// Protobuf readers and writers of the types whose wire form is hand-written in Go too: IntOrString,
/// Quantity, Time, MicroTime, the raw-JSON holders (RawExtension, FieldsV1, apiextensions JSON) and
/// the JSONSchemaProps unions. Each reads the fields of its message from a reader over exactly that
/// message, and writes them into the message the caller has begun. The generator checks that the
/// generated.proto messages still have the shapes assumed here.
/// </summary>
internal static class ProtobufSpecialTypes
{
    private const uint Field1Varint = 1 << 3 | 0;
    private const uint Field1Bytes = 1 << 3 | 2;
    private const uint Field2Varint = 2 << 3 | 0;
    private const uint Field2Bytes = 2 << 3 | 2;
    private const uint Field3Bytes = 3 << 3 | 2;

    /// <summary>Go's zero time.Time (January 1 of year 1, UTC), which JSON writes as null.</summary>
    private const long GoZeroUnixSeconds = -62135596800;

    private const long UnixEpochTicks = 621_355_968_000_000_000;

    private static readonly JsonElement JsonNull = CreateJsonNull();

    public static IntOrString ReadIntOrString(ref ProtobufReader reader)
    {
        long type = 0;
        int intValue = 0;
        string? stringValue = null;
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            switch (tag)
            {
                case Field1Varint: type = reader.ReadInt64(); break;
                case Field2Varint: intValue = reader.ReadInt32(); break;
                case Field3Bytes: stringValue = reader.ReadString(); break;
                default: reader.SkipField(tag); break;
            }
        }
        return type == 1 ? IntOrString.FromString(stringValue ?? "") : IntOrString.FromInt(intValue);
    }

    public static void WriteIntOrString(ProtobufWriter writer, IntOrString value)
    {
        writer.WriteInt64(Field1Varint, value.IsInt ? 0 : 1);
        writer.WriteInt32(Field2Varint, value.IntValue);
        writer.WriteString(Field3Bytes, value.StringValue ?? "");
    }

    public static Quantity ReadQuantity(ref ProtobufReader reader)
    {
        string text = "0";
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            if (tag == Field1Bytes) text = reader.ReadString();
            else reader.SkipField(tag);
        }
        try
        {
            return Quantity.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ProtobufException($"The quantity \"{text}\" is not valid: {e.Message}", e);
        }
    }

    public static void WriteQuantity(ProtobufWriter writer, Quantity value) => writer.WriteString(Field1Bytes, value.ToString());

    /// <summary>metav1.Time: whole seconds (Go drops the nanoseconds); null for the zero time, as in JSON.</summary>
    public static DateTimeOffset? ReadTime(ref ProtobufReader reader)
    {
        if (reader.End) return null;
        var (seconds, _) = ReadTimestamp(ref reader);
        return seconds == GoZeroUnixSeconds ? null : FromUnix(seconds, 0);
    }

    /// <summary>A time that cannot be null (a map value): the zero time is January 1 of year 1.</summary>
    public static DateTimeOffset ReadTimeValue(ref ProtobufReader reader) => ReadTime(ref reader) ?? default;

    public static void WriteTime(ProtobufWriter writer, DateTimeOffset value)
    {
        if (IsGoZero(value)) return;
        writer.WriteInt64(Field1Varint, value.ToUnixTimeSeconds());
        writer.WriteInt32(Field2Varint, 0);
    }

    /// <summary>metav1.MicroTime: seconds and nanoseconds, truncated to microseconds as its JSON form is.</summary>
    public static DateTimeOffset? ReadMicroTime(ref ProtobufReader reader)
    {
        if (reader.End) return null;
        var (seconds, nanos) = ReadTimestamp(ref reader);
        if (seconds == GoZeroUnixSeconds && nanos == 0) return null;
        return FromUnix(seconds, nanos / 1000 * 1000);
    }

    public static DateTimeOffset ReadMicroTimeValue(ref ProtobufReader reader) => ReadMicroTime(ref reader) ?? default;

    public static void WriteMicroTime(ProtobufWriter writer, DateTimeOffset value)
    {
        if (IsGoZero(value)) return;
        long ticks = value.UtcTicks - UnixEpochTicks;
        long seconds = FloorDiv(ticks, TimeSpan.TicksPerSecond);
        long nanos = (ticks - seconds * TimeSpan.TicksPerSecond) * 100 / 1000 * 1000;
        writer.WriteInt64(Field1Varint, seconds);
        writer.WriteInt32(Field2Varint, (int)nanos);
    }

    /// <summary>
    /// The JSON a raw holder carries; null when it holds none. A RawExtension may instead hold a
    /// protobuf envelope of a built-in kind, which is decoded and turned into that object's JSON.
    /// </summary>
    public static JsonElement? ReadRawJson(ref ProtobufReader reader)
    {
        bool found = false;
        JsonElement value = default;
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            if (tag == Field1Bytes)
            {
                value = ParseRaw(reader.ReadLengthDelimited());
                found = true;
            }
            else
            {
                reader.SkipField(tag);
            }
        }
        return found ? value : null;
    }

    /// <summary>As <see cref="ReadRawJson"/>, for list and map elements: a JSON null when the holder is empty.</summary>
    public static JsonElement ReadRawJsonValue(ref ProtobufReader reader) => ReadRawJson(ref reader) ?? JsonNull;

    /// <summary>
    /// As <see cref="ReadRawJson"/>, for a property kept as text (fieldsV1): the JSON is checked and
    /// kept compact, no element is built. An embedded protobuf object is turned into JSON first.
    /// </summary>
    public static RawJson? ReadRawJsonText(ref ProtobufReader reader)
    {
        RawJson? value = null;
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            if (tag == Field1Bytes) value = TextOf(reader.ReadLengthDelimited());
            else reader.SkipField(tag);
        }
        return value;
    }

    public static void WriteRawJson(ProtobufWriter writer, RawJson value)
    {
        if (value.Utf8 is { } text) writer.WriteBytes(Field1Bytes, text);
        else WriteRawJson(writer, value.Element);
    }

    private static RawJson? TextOf(ReadOnlySpan<byte> raw)
    {
        if (ProtobufEnvelope.HasMagic(raw)) return RawJson.From(EmbeddedObjectAsJson(raw));
        try
        {
            var reader = new Utf8JsonReader(raw, new JsonReaderOptions { MaxDepth = 512 });
            if (!reader.Read()) throw new JsonException("The raw JSON is empty.");
            if (reader.TokenType == JsonTokenType.Null) return null;
            var text = RawJson.Read(ref reader);
            for (int i = (int)reader.BytesConsumed; i < raw.Length; i++)
            {
                if (raw[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                    throw new ProtobufException($"The raw JSON of {raw.Length} bytes has more after its value (at byte {i}).");
            }
            return text;
        }
        catch (JsonException e)
        {
            throw new ProtobufException($"A raw field of {raw.Length} bytes holds neither JSON nor a protobuf envelope: {e.Message}", e);
        }
    }

    public static void WriteRawJson(ProtobufWriter writer, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return;
        writer.WriteString(Field1Bytes, value.GetRawText());
    }

    public static TUnion ReadSchemaOrArray<TUnion, TSchema>(ref ProtobufReader reader, ProtobufMessageReader<TSchema> readSchema)
        where TUnion : class, ISchemaOrArray<TSchema>, new()
        where TSchema : class
    {
        var union = new TUnion();
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            if (tag == Field1Bytes)
            {
                var message = reader.ReadMessage();
                union.Schema = readSchema(ref message);
            }
            else if (tag == Field2Bytes)
            {
                var message = reader.ReadMessage();
                (union.JSONSchemas ??= new List<TSchema>()).Add(readSchema(ref message));
            }
            else
            {
                reader.SkipField(tag);
            }
        }
        return union;
    }

    public static void WriteSchemaOrArray<TSchema>(ProtobufWriter writer, ISchemaOrArray<TSchema> value, Action<ProtobufWriter, TSchema> writeSchema)
        where TSchema : class
    {
        if (value.Schema is { } schema) WriteMessage(writer, Field1Bytes, schema, writeSchema);
        if (value.JSONSchemas is { } schemas)
        {
            foreach (var item in schemas) WriteMessage(writer, Field2Bytes, item, writeSchema);
        }
    }

    public static TUnion ReadSchemaOrBool<TUnion, TSchema>(ref ProtobufReader reader, ProtobufMessageReader<TSchema> readSchema)
        where TUnion : class, ISchemaOrBool<TSchema>, new()
        where TSchema : class
    {
        var union = new TUnion();
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            if (tag == Field1Varint)
            {
                union.Allows = reader.ReadBool();
            }
            else if (tag == Field2Bytes)
            {
                var message = reader.ReadMessage();
                union.Schema = readSchema(ref message);
            }
            else
            {
                reader.SkipField(tag);
            }
        }
        return union;
    }

    public static void WriteSchemaOrBool<TSchema>(ProtobufWriter writer, ISchemaOrBool<TSchema> value, Action<ProtobufWriter, TSchema> writeSchema)
        where TSchema : class
    {
        writer.WriteBool(Field1Varint, value.Allows);
        if (value.Schema is { } schema) WriteMessage(writer, Field2Bytes, schema, writeSchema);
    }

    public static TUnion ReadSchemaOrStringArray<TUnion, TSchema>(ref ProtobufReader reader, ProtobufMessageReader<TSchema> readSchema)
        where TUnion : class, ISchemaOrStringArray<TSchema>, new()
        where TSchema : class
    {
        var union = new TUnion();
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            if (tag == Field1Bytes)
            {
                var message = reader.ReadMessage();
                union.Schema = readSchema(ref message);
            }
            else if (tag == Field2Bytes)
            {
                (union.Property ??= new List<string>()).Add(reader.ReadString());
            }
            else
            {
                reader.SkipField(tag);
            }
        }
        return union;
    }

    public static void WriteSchemaOrStringArray<TSchema>(ProtobufWriter writer, ISchemaOrStringArray<TSchema> value, Action<ProtobufWriter, TSchema> writeSchema)
        where TSchema : class
    {
        if (value.Schema is { } schema) WriteMessage(writer, Field1Bytes, schema, writeSchema);
        if (value.Property is { } property)
        {
            foreach (string item in property) writer.WriteString(Field2Bytes, item ?? "");
        }
    }

    private static void WriteMessage<TSchema>(ProtobufWriter writer, uint tag, TSchema? value, Action<ProtobufWriter, TSchema> write)
        where TSchema : class
    {
        int mark = writer.BeginMessage(tag);
        if (value is not null) write(writer, value);
        writer.EndMessage(mark);
    }

    private static (long Seconds, int Nanos) ReadTimestamp(ref ProtobufReader reader)
    {
        long seconds = 0;
        int nanos = 0;
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            switch (tag)
            {
                case Field1Varint: seconds = reader.ReadInt64(); break;
                case Field2Varint: nanos = reader.ReadInt32(); break;
                default: reader.SkipField(tag); break;
            }
        }
        return (seconds, nanos);
    }

    private static DateTimeOffset FromUnix(long seconds, int nanos)
    {
        if (nanos < 0 || nanos > 999_999_999)
            throw new ProtobufException($"A timestamp with {nanos} nanoseconds (0 to 999999999 expected).");
        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ProtobufException($"The timestamp {seconds} s after 1970 is outside the years 1 to 9999.", e);
        }
    }

    private static bool IsGoZero(DateTimeOffset value) => value.UtcTicks == 0;

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static JsonElement ParseRaw(ReadOnlySpan<byte> raw)
    {
        if (ProtobufEnvelope.HasMagic(raw)) return EmbeddedObjectAsJson(raw);
        try
        {
            var reader = new Utf8JsonReader(raw, new JsonReaderOptions { MaxDepth = 512 });
            var element = JsonElement.ParseValue(ref reader);
            for (int i = (int)reader.BytesConsumed; i < raw.Length; i++)
            {
                if (raw[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                    throw new ProtobufException($"The raw JSON of {raw.Length} bytes has more after its value (at byte {i}).");
            }
            return element;
        }
        catch (JsonException e)
        {
            throw new ProtobufException($"A raw field of {raw.Length} bytes holds neither JSON nor a protobuf envelope: {e.Message}", e);
        }
    }

    private static JsonElement EmbeddedObjectAsJson(ReadOnlySpan<byte> envelope)
    {
        var unknown = ProtobufEnvelope.Read(envelope);
        GroupVersionKind kind;
        try
        {
            kind = GroupVersionKind.FromApiVersionAndKind(unknown.ApiVersion, unknown.Kind);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ProtobufException($"An embedded protobuf object names the apiVersion \"{unknown.ApiVersion}\", which is not valid.", e);
        }
        if (!ModelRegistry.TryGet(kind, out var registration) || KubeProtobufContext.GetCodec(registration.Type) is not { } codec)
            throw new ProtobufException($"An embedded object of kind {kind} is in protobuf, and no model of that kind is known to turn it into JSON.");
        object value = codec.DecodeObject(envelope);
        return JsonSerializer.SerializeToElement(value, registration.TypeInfo);
    }

    private static JsonElement CreateJsonNull()
    {
        using var document = JsonDocument.Parse("null");
        return document.RootElement.Clone();
    }
}
