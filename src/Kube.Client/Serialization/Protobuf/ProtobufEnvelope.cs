using System;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>
/// The Kubernetes protobuf envelope: the four bytes "k8s\0" and then a runtime.Unknown message,
/// {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2 (the object's own message), contentEncoding = 3,
/// contentType = 4}. Every protobuf body the API server sends or takes is one of these, except the
/// frames of a watch stream (whose objects are again envelopes).
/// </summary>
public readonly ref struct ProtobufEnvelope
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private const uint TypeMetaTag = 1 << 3 | 2;
    private const uint RawTag = 2 << 3 | 2;
    private const uint ContentEncodingTag = 3 << 3 | 2;
    private const uint ContentTypeTag = 4 << 3 | 2;
    private const uint ApiVersionTag = 1 << 3 | 2;
    private const uint KindTag = 2 << 3 | 2;

    private ProtobufEnvelope(string apiVersion, string kind, ReadOnlySpan<byte> raw, string contentEncoding, string contentType)
    {
        ApiVersion = apiVersion;
        Kind = kind;
        Raw = raw;
        ContentEncoding = contentEncoding;
        ContentType = contentType;
    }

    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public string ApiVersion { get; }
    public string Kind { get; }

    /// <summary>The object's message; a slice of the bytes read, valid as long as they are.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    public string ContentEncoding { get; }
    public string ContentType { get; }

    public static bool HasMagic(ReadOnlySpan<byte> data) => data.Length >= 4 && data.Slice(0, 4).SequenceEqual(Magic);

    /// <summary>Reads an envelope; throws <see cref="ProtobufException"/> when the magic is missing or the message is malformed.</summary>
    public static ProtobufEnvelope Read(ReadOnlySpan<byte> data)
    {
        if (!HasMagic(data))
            throw new ProtobufException($"The data does not start with the Kubernetes protobuf magic \"k8s\\0\" ({Describe(data)}).");
        var reader = new ProtobufReader(data.Slice(4));
        string apiVersion = "", kind = "", encoding = "", contentType = "";
        ReadOnlySpan<byte> raw = default;
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            switch (tag)
            {
                case TypeMetaTag:
                    var typeMeta = reader.ReadMessage();
                    uint inner;
                    while ((inner = typeMeta.ReadTag()) != 0)
                    {
                        if (inner == ApiVersionTag) apiVersion = typeMeta.ReadString();
                        else if (inner == KindTag) kind = typeMeta.ReadString();
                        else typeMeta.SkipField(inner);
                    }
                    break;
                case RawTag:
                    raw = reader.ReadLengthDelimited();
                    break;
                case ContentEncodingTag:
                    encoding = reader.ReadString();
                    break;
                case ContentTypeTag:
                    contentType = reader.ReadString();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
        if (encoding.Length > 0)
            throw new ProtobufException($"The {Describe(apiVersion, kind)} envelope uses the content encoding \"{encoding}\", which is not supported.");
        if (contentType.Length > 0 && !contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase))
            throw new ProtobufException($"The {Describe(apiVersion, kind)} envelope holds \"{contentType}\" content, not protobuf.");
        return new ProtobufEnvelope(apiVersion, kind, raw, encoding, contentType);
    }

    /// <summary>
    /// Writes the magic and the envelope around the message <paramref name="writeRaw"/> writes, in the
    /// layout the API server uses (empty contentEncoding and contentType included).
    /// </summary>
    public static void Write<TState>(ProtobufWriter writer, string apiVersion, string kind, TState state, Action<ProtobufWriter, TState> writeRaw)
    {
        writer.WriteRaw(Magic);
        int typeMeta = writer.BeginMessage(TypeMetaTag);
        writer.WriteString(ApiVersionTag, apiVersion);
        writer.WriteString(KindTag, kind);
        writer.EndMessage(typeMeta);
        int raw = writer.BeginMessage(RawTag);
        writeRaw(writer, state);
        writer.EndMessage(raw);
        writer.WriteString(ContentEncodingTag, "");
        writer.WriteString(ContentTypeTag, "");
    }

    internal static string Describe(string apiVersion, string kind) =>
        kind.Length == 0 ? "untyped" : apiVersion.Length == 0 ? kind : $"{apiVersion} {kind}";

    private static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return "the body is empty";
        int n = Math.Min(data.Length, 8);
        var hex = new System.Text.StringBuilder();
        for (int i = 0; i < n; i++) hex.Append(data[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        return $"{data.Length} bytes starting {hex.ToString().TrimEnd()}";
    }
}
