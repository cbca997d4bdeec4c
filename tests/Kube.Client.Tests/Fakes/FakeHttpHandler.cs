using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Tests.Fakes;

/// <summary>An in-process HTTP handler: each request is answered by the next responder in line.</summary>
public sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _responders = new();

    public List<HttpRequestMessage> Requests { get; } = new();
    public List<string?> Bodies { get; } = new();

    /// <summary>The request bodies as bytes, for binary (protobuf) bodies.</summary>
    public List<byte[]?> BodyBytes { get; } = new();

    public FakeHttpHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> responder)
    {
        _responders.Enqueue((r, _) => Task.FromResult(responder(r)));
        return this;
    }

    public FakeHttpHandler RespondAsync(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responders.Enqueue(responder);
        return this;
    }

    public FakeHttpHandler Throw(Exception e)
    {
        _responders.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(e));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
            byte[]? bytes = request.Content?.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            BodyBytes.Add(bytes);
            Bodies.Add(bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes));
        }
        if (!_responders.TryDequeue(out var responder))
            throw new InvalidOperationException($"No response queued for {request.Method} {request.RequestUri}");
        var response = await responder(request, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }
}
