using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Kube.Client.Rest;

/// <summary>
/// A <see cref="Request"/> as it goes on the wire: URL, headers, encoded body, and the timeout,
/// limiter and retry policy in force. Made once per send by <see cref="Request.Prepare"/>; each
/// attempt of <see cref="RequestSender"/> builds a fresh message from it.
/// </summary>
internal sealed class PreparedRequest
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;
    private readonly byte[]? _body;
    private readonly string? _contentType;
    private readonly string _accept;

    public PreparedRequest(RestClient client, HttpMethod method, Uri uri, string description, string accept,
        IReadOnlyList<KeyValuePair<string, string>> headers, byte[]? body, string? contentType, TimeSpan? timeout,
        RetryPolicy retryPolicy, IRateLimiter? rateLimiter)
    {
        Client = client;
        Method = method;
        Uri = uri;
        Description = description;
        _accept = accept;
        _headers = headers;
        _body = body;
        _contentType = contentType;
        Timeout = timeout;
        RetryPolicy = retryPolicy;
        RateLimiter = rateLimiter;
    }

    public RestClient Client { get; }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    /// <summary>"GET /api/v1/namespaces/x/pods", as <see cref="Request.Describe"/> gives it.</summary>
    public string Description { get; }

    /// <summary>The timeout of the whole request (for a watch, of the wait for headers); null for none.</summary>
    public TimeSpan? Timeout { get; }

    public RetryPolicy RetryPolicy { get; }

    public IRateLimiter? RateLimiter { get; }

    /// <summary>GET, HEAD, PUT, DELETE and OPTIONS may be sent again after a failure the server may have seen.</summary>
    public bool IsIdempotent =>
        Method == HttpMethod.Get || Method == HttpMethod.Head || Method == HttpMethod.Put || Method == HttpMethod.Delete || Method == HttpMethod.Options;

    /// <summary>A new message for one attempt (a sent message cannot be sent again).</summary>
    public HttpRequestMessage NewMessage()
    {
        var message = new HttpRequestMessage(Method, Uri);
#if NET8_0_OR_GREATER
        message.Version = HttpVersion.Version20;
        message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
#endif
        message.Headers.Accept.ParseAdd(_accept);
        foreach (var h in _headers) message.Headers.TryAddWithoutValidation(h.Key, h.Value);
        if (_body is not null)
        {
            message.Content = new ByteArrayContent(_body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(_contentType ?? "application/json");
        }
        return message;
    }

    public TimeoutException TimeoutError(Exception inner) =>
        new($"{Description} to {Client.DescribeServer()} timed out after {Timeout?.TotalSeconds:0.###} s.", inner);
}
