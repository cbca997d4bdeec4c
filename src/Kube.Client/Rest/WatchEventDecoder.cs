using System;
using System.Text.Json;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Rest;

/// <summary>
/// Turns one watch frame into a <see cref="WatchEvent{T}"/>: in JSON <c>{"type":"ADDED","object":{...}}</c>,
/// in protobuf a metav1.WatchEvent message {type = 1, object = 2 {raw = 1: the object's envelope}}.
/// </summary>
internal sealed class WatchEventDecoder<T>
{
    private readonly Func<ReadOnlyMemory<byte>, T?> _decodeObject;
    private readonly string _request;

    public WatchEventDecoder(Func<ReadOnlyMemory<byte>, T?> decodeObject, string request)
    {
        _decodeObject = decodeObject;
        _request = request;
    }

    /// <summary>Decodes a protobuf frame; the object (or, for ERROR, the Status) is an envelope decoded by <paramref name="codec"/>.</summary>
    public WatchEvent<T> DecodeProtobuf(ReadOnlySpan<byte> frame, ProtobufCodec<T> codec)
    {
        string? type = null;
        ReadOnlySpan<byte> raw = default;
        bool hasObject = false;
        try
        {
            // The stream serializer writes bare WatchEvent messages; take an enveloped one too.
            var reader = new ProtobufReader(ProtobufEnvelope.HasMagic(frame) ? ProtobufEnvelope.Read(frame).Raw : frame);
            uint tag;
            while ((tag = reader.ReadTag()) != 0)
            {
                if (tag == (1 << 3 | 2))
                {
                    type = reader.ReadString();
                }
                else if (tag == (2 << 3 | 2))
                {
                    var rawExtension = reader.ReadMessage();
                    hasObject = true;
                    uint inner;
                    while ((inner = rawExtension.ReadTag()) != 0)
                    {
                        if (inner == (1 << 3 | 2)) raw = rawExtension.ReadLengthDelimited();
                        else rawExtension.SkipField(inner);
                    }
                }
                else
                {
                    reader.SkipField(tag);
                }
            }
        }
        catch (ProtobufException e)
        {
            throw new ProtobufException($"Malformed watch event from {_request}: {e.Message}", e);
        }

        if (type is null || !hasObject)
            throw new ProtobufException($"Malformed watch event from {_request}: it needs both a type and an object.");
        var eventType = ParseType(type);

        if (eventType == WatchEventType.Error)
        {
            var status = StatusErrors.TryDecodeStatus(raw)
                ?? KubeApiException.StatusFromCode(500, $"an ERROR watch event of {raw.Length} bytes that is not a Status", _request);
            throw new KubeApiException(status, _request);
        }

        T obj;
        try
        {
            obj = codec.Decode(raw);
        }
        catch (ProtobufException e)
        {
            throw new ProtobufException($"Could not decode the object of a {type} watch event from {_request} as {typeof(T).Name}: {e.Message}", e);
        }
        return new WatchEvent<T>(eventType, obj);
    }

    public WatchEvent<T> Decode(ReadOnlyMemory<byte> frame)
    {
        string? type = null;
        int objectStart = -1, objectEnd = -1;
        try
        {
            var reader = new Utf8JsonReader(frame.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new JsonException("a watch event must be a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.GetString();
                }
                else if (reader.ValueTextEquals("object"u8))
                {
                    reader.Read();
                    objectStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    objectEnd = (int)reader.BytesConsumed;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException e)
        {
            throw new JsonException($"Malformed watch event from {_request}: {e.Message}", e);
        }

        if (type is null || objectStart < 0)
            throw new JsonException($"Malformed watch event from {_request}: it needs both \"type\" and \"object\".");

        var body = frame.Slice(objectStart, objectEnd - objectStart);
        WatchEventType eventType;
        try
        {
            eventType = ParseType(type);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }

        if (eventType == WatchEventType.Error)
        {
            var status = StatusErrors.TryDecodeStatus(body.Span)
                ?? KubeApiException.StatusFromCode(500, System.Text.Encoding.UTF8.GetString(body.ToArray()), _request);
            throw new KubeApiException(status, _request);
        }

        T? obj;
        try
        {
            obj = _decodeObject(body);
        }
        catch (JsonException e)
        {
            throw new JsonException($"Could not decode the object of a {type} watch event from {_request} as {typeof(T).Name}: {e.Message}", e);
        }
        if (obj is null) throw new JsonException($"A {type} watch event from {_request} carried a null object.");
        return new WatchEvent<T>(eventType, obj);
    }

    private WatchEventType ParseType(string type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        "ERROR" => WatchEventType.Error,
        _ => throw new FormatException($"Unknown watch event type \"{type}\" from {_request}."),
    };
}
