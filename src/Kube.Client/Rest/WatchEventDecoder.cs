using System;
using System.Text.Json;

namespace Kube.Client.Rest;

/// <summary>Turns one watch frame, <c>{"type":"ADDED","object":{...}}</c>, into a <see cref="WatchEvent{T}"/>.</summary>
internal sealed class WatchEventDecoder<T>
{
    private readonly Func<ReadOnlyMemory<byte>, T?> _decodeObject;
    private readonly string _request;

    public WatchEventDecoder(Func<ReadOnlyMemory<byte>, T?> decodeObject, string request)
    {
        _decodeObject = decodeObject;
        _request = request;
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
        WatchEventType eventType = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => throw new JsonException($"Unknown watch event type \"{type}\" from {_request}."),
        };

        if (eventType == WatchEventType.Error)
        {
            var status = Request.TryDecodeStatus(body.Span)
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
}
