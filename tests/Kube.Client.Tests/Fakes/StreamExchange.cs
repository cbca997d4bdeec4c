using System;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Tests.Fakes;

/// <summary>The server side of one request: answer it with a body, a chunked stream, or a WebSocket.</summary>
public sealed class StreamExchange : IDisposable
{
    private readonly StreamRequest _request;

    public StreamExchange(Stream stream, StreamRequest request, CancellationToken stopping)
    {
        Stream = stream;
        _request = request;
        Stopping = stopping;
    }

    public Stream Stream { get; }

    public CancellationToken Stopping { get; }

    public async Task RespondAsync(int status, string body, string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} Status{status}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    /// <summary>Sends a Status body as the API server does for a refused request.</summary>
    public Task RespondStatusAsync(int code, string reason, string message) =>
        RespondAsync(code, $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":{System.Text.Json.JsonSerializer.Serialize(message)},\"reason\":\"{reason}\",\"code\":{code}}}");

    public async Task StartChunkedAsync(int status = 200, string contentType = "text/plain")
    {
        var head = $"HTTP/1.1 {status} OK\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await Stream.FlushAsync();
    }

    public async Task WriteChunkAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (data.IsEmpty) return;
        await Stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), cancellationToken);
        await Stream.WriteAsync(data, cancellationToken);
        await Stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        await Stream.FlushAsync(cancellationToken);
    }

    public async Task EndChunkedAsync()
    {
        await Stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        await Stream.FlushAsync();
    }

    /// <summary>
    /// Completes the WebSocket handshake choosing the first offered subprotocol in <paramref name="supported"/>
    /// (none of them: a 400 as the Go server gives, and null).
    /// </summary>
    public async Task<WebSocket?> AcceptWebSocketAsync(params string[] supported)
    {
        string key = _request.Header("Sec-WebSocket-Key") ?? throw new InvalidOperationException("no Sec-WebSocket-Key");
        var offered = (_request.Header("Sec-WebSocket-Protocol") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? chosen = offered.FirstOrDefault(supported.Contains);
        if (supported.Length > 0 && chosen is null)
        {
            await RespondAsync(400, "requested protocol(s) are not supported", "text/plain");
            return null;
        }
        string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
        head.Append("Sec-WebSocket-Accept: ").Append(accept).Append("\r\n");
        if (chosen is not null) head.Append("Sec-WebSocket-Protocol: ").Append(chosen).Append("\r\n");
        head.Append("\r\n");
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await Stream.FlushAsync();
        return WebSocket.CreateFromStream(Stream, new WebSocketCreationOptions { IsServer = true, SubProtocol = chosen, KeepAliveInterval = TimeSpan.Zero });
    }

    public void Dispose() => Stream.Dispose();
}
