using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;

namespace Kube.Client.Streams.WebSockets;

/// <summary>
/// Opens a WebSocket to an API path (exec, attach, port-forward) through the request's
/// <see cref="RestClient"/>: the handshake is an HTTP/1.1 upgrade sent by its transport, so
/// credentials, TLS, proxy and redacted traces are those of every other request.
/// </summary>
internal static class WebSocketDialer
{
    /// <summary>How often an idle connection sends a keep-alive frame (the runtime's WebSocket only).</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sends <paramref name="request"/> as a WebSocket handshake offering <paramref name="protocols"/>
    /// in order of preference, and returns the connection with the subprotocol the server chose.
    /// </summary>
    /// <exception cref="KubeApiException">The server answered without upgrading (its Status).</exception>
    /// <exception cref="KubeConnectionException">The server could not be reached, or its handshake was not valid.</exception>
    public static async Task<KubeWebSocket> ConnectAsync(Request request, IReadOnlyList<string> protocols, CancellationToken cancellationToken)
    {
        string key = WebSocketHandshake.NewKey();
        request.Header("Sec-WebSocket-Key", key).Header("Sec-WebSocket-Version", "13");
        if (protocols.Count > 0) request.Header("Sec-WebSocket-Protocol", string.Join(", ", protocols));
        var connection = await RequestUpgrader.UpgradeAsync(request, "websocket", cancellationToken).ConfigureAwait(false);
        try
        {
            var rest = request.Prepare(watch: true).Client;
            string? accept = connection.Header("Sec-WebSocket-Accept");
            if (accept != WebSocketHandshake.AcceptFor(key))
            {
                throw new KubeConnectionException(
                    $"{request.Describe()} at {rest.DescribeServer()}: the WebSocket handshake failed: the server's Sec-WebSocket-Accept does not answer our key (a proxy in between may not speak WebSocket)",
                    rest.Config.Host, null);
            }
            string? protocol = connection.Header("Sec-WebSocket-Protocol")?.Trim();
            if (protocols.Count > 0 && (protocol is null || !protocols.Contains(protocol, StringComparer.Ordinal)))
            {
                throw new KubeConnectionException(
                    $"{request.Describe()} at {rest.DescribeServer()}: the server chose {(protocol is null ? "no subprotocol" : $"subprotocol \"{protocol}\"")} where one of {string.Join(", ", protocols)} was offered",
                    rest.Config.Host, null);
            }
            WebSocket socket = Create(rest, connection.Stream, protocol);
            return new KubeWebSocket(socket, protocol ?? "", connection, request.Describe());
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static WebSocket Create(RestClient rest, System.IO.Stream stream, string? protocol)
    {
#if NET8_0_OR_GREATER
        if (!rest.OwnWebSocketStack)
        {
            return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = false,
                SubProtocol = protocol,
                KeepAliveInterval = KeepAliveInterval,
            });
        }
#endif
        return new Rfc6455ClientWebSocket(stream, protocol);
    }
}
