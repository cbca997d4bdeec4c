using System;

namespace Kube.Client.Rest;

/// <summary>The media types the API server speaks for objects.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";

    /// <summary>Kubernetes' protobuf: the "k8s\0" magic and a runtime.Unknown envelope; built-in kinds only.</summary>
    public const string Protobuf = "application/vnd.kubernetes.protobuf";

    /// <summary>What a request for a built-in kind accepts in protobuf mode: protobuf, or JSON from a server that cannot.</summary>
    public const string ProtobufOrJson = Protobuf + ", " + Json;

    internal static bool IsProtobuf(string? mediaType) => string.Equals(mediaType, Protobuf, StringComparison.OrdinalIgnoreCase);

    /// <summary>The content type a <see cref="Config.RestConfig.ContentType"/> names, or an error saying what is allowed.</summary>
    internal static string Validate(string? contentType, string what)
    {
        if (string.IsNullOrEmpty(contentType)) return Json;
        if (string.Equals(contentType, Json, StringComparison.OrdinalIgnoreCase)) return Json;
        if (IsProtobuf(contentType)) return Protobuf;
        throw new ArgumentException($"{what} is \"{contentType}\"; expected \"{Json}\" or \"{Protobuf}\".", what);
    }
}
