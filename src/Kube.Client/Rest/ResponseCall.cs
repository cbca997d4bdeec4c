using System;
using System.Net.Http;
using System.Threading;

namespace Kube.Client.Rest;

/// <summary>A successful response in flight, with the request it answers and the timeout that governs reading it.</summary>
internal sealed class ResponseCall : IDisposable
{
    private CancellationTokenSource? _timeout;

    public ResponseCall(PreparedRequest request, HttpResponseMessage response, CancellationTokenSource? timeout, CancellationToken caller)
    {
        Request = request;
        Response = response;
        _timeout = timeout;
        Token = timeout?.Token ?? caller;
        Caller = caller;
    }

    public PreparedRequest Request { get; }

    public HttpResponseMessage Response { get; }

    /// <summary>Cancelled by the caller or by the request timeout: reads of the body use it.</summary>
    public CancellationToken Token { get; private set; }

    public CancellationToken Caller { get; }

    /// <summary>True when the request timeout, not the caller, cancelled <see cref="Token"/>.</summary>
    public bool TimedOut => _timeout?.IsCancellationRequested == true && !Caller.IsCancellationRequested;

    /// <summary>The media type of the body ("application/json", "application/vnd.kubernetes.protobuf").</summary>
    public string? MediaType => Response.Content.Headers.ContentType?.MediaType;

    /// <summary>Ends the timeout's hold on the body (streams and watches run as long as the caller wants).</summary>
    public void StopTimeout()
    {
        _timeout?.Dispose();
        _timeout = null;
        Token = Caller;
    }

    public void Dispose()
    {
        Response.Dispose();
        _timeout?.Dispose();
    }
}
