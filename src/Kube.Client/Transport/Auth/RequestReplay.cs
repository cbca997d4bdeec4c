using System.Net.Http;

namespace Kube.Client.Transport.Auth;

/// <summary>Whether a request may be sent a second time after a 401 (its body, if any, is buffered).</summary>
internal static class RequestReplay
{
    public static bool CanResend(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent;
}
