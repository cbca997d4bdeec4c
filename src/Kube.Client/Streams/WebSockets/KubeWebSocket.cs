using System;
using System.Net.WebSockets;

namespace Kube.Client.Streams.WebSockets;

/// <summary>A WebSocket to the API server with the subprotocol it agreed on; disposing it closes the connection.</summary>
internal sealed class KubeWebSocket : IDisposable
{
    private readonly IDisposable _connection;

    public KubeWebSocket(WebSocket socket, string protocol, IDisposable connection, string request)
    {
        Socket = socket;
        Protocol = protocol;
        _connection = connection;
        Request = request;
    }

    public WebSocket Socket { get; }

    /// <summary>The subprotocol the server chose, such as "v4.channel.k8s.io".</summary>
    public string Protocol { get; }

    /// <summary>"GET /api/v1/namespaces/x/pods/y/exec", for messages.</summary>
    public string Request { get; }

    public void Dispose()
    {
        Socket.Dispose();
        _connection.Dispose();
    }
}
