using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;

namespace Kube.Client.Transport.Upgrade;

/// <summary>A parsed HTTP/1.1 response head, and the bytes read past it.</summary>
internal sealed class HttpHead
{
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
        "Content-Location", "Content-MD5", "Content-Range", "Content-Type", "Expires", "Last-Modified",
    };

    public HttpHead(int statusCode, string reasonPhrase, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] leftover)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Leftover = leftover;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Bytes that arrived after the blank line: the start of the body or of the new protocol.</summary>
    public byte[] Leftover { get; }

    /// <summary>The last value of a header, or null.</summary>
    public string? Header(string name)
    {
        string? value = null;
        foreach (var h in Headers)
            if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) value = h.Value;
        return value;
    }

    public HttpResponseMessage ToResponse(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)StatusCode)
        {
            ReasonPhrase = ReasonPhrase,
            RequestMessage = request,
            Version = HttpVersion.Version11,
        };
        foreach (var h in Headers)
            if (!ContentHeaders.Contains(h.Key)) response.Headers.TryAddWithoutValidation(h.Key, h.Value);
        return response;
    }

    public void CopyContentHeaders(HttpContent content)
    {
        foreach (var h in Headers)
            if (ContentHeaders.Contains(h.Key)) content.Headers.TryAddWithoutValidation(h.Key, h.Value);
    }
}
