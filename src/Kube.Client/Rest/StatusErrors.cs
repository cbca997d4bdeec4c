using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Rest;

/// <summary>
/// Turns an error answer into a <see cref="KubeApiException"/> carrying the server's Status (JSON or
/// protobuf), or one made from the status code when the body is no Status (a proxy's HTML page).
/// </summary>
internal static class StatusErrors
{
    private const int MaxErrorBodyBytes = 1 << 20;

    public static async Task<KubeApiException> FromResponseAsync(HttpResponseMessage response, string request, CancellationToken ct)
    {
        int code = (int)response.StatusCode;
        byte[] body;
        try
        {
            body = await ReadBoundedAsync(response, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return new KubeApiException(KubeApiException.StatusFromCode(code, null, request), request, e);
        }

        Status? status = TryDecodeStatus(body);
        if (status is null)
        {
            string text = ProtobufEnvelope.HasMagic(body) ? $"(a protobuf body of {body.Length} bytes that is not a Status)" : Encoding.UTF8.GetString(body);
            return new KubeApiException(KubeApiException.StatusFromCode(code, text, request), request);
        }
        status.Code ??= code;
        if (string.IsNullOrEmpty(status.Reason)) status.Reason = StatusReason.FromStatusCode(code);
        if (status.Details is null && RetryAfterHeader.Read(response, TimeSpan.MaxValue) is TimeSpan ra)
            status.Details = new StatusDetails { RetryAfterSeconds = (int)Math.Ceiling(ra.TotalSeconds) };
        return new KubeApiException(status, request);
    }

    /// <summary>The Status in a body (JSON, or a protobuf envelope); null when the body is something else.</summary>
    public static Status? TryDecodeStatus(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return null;
        if (ProtobufEnvelope.HasMagic(body))
        {
            try
            {
                var status = KubeProtobufContext.MetaV1Status.Decode(body);
                return status.Kind == "Status" ? status : null;
            }
            catch (ProtobufException)
            {
                return null;
            }
        }
        try
        {
            var status = JsonSerializer.Deserialize(body, KubeJsonContext.Default.MetaV1Status);
            return status is not null && status.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while (buffer.Length < MaxErrorBodyBytes && (read = await stream.ReadAsync(chunk, 0, chunk.Length, ct).ConfigureAwait(false)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }
}
