using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.WebSockets;
using Xunit;

namespace Kube.Client.Tests.Streams;

/// <summary>
/// Our RFC 6455 client framing (what the netstandard2.0 build speaks) against the runtime's
/// server-side WebSocket, and against hand-written frames for what a well-behaved server never sends.
/// </summary>
public sealed class Rfc6455ClientWebSocketTests : IAsyncLifetime
{
    private TcpListener _listener = null!;
    private TcpClient _clientTcp = null!;
    private TcpClient _serverTcp = null!;

    public async Task InitializeAsync()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _clientTcp = new TcpClient();
        var accept = _listener.AcceptTcpClientAsync();
        await _clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);
        _serverTcp = await accept;
    }

    public Task DisposeAsync()
    {
        _clientTcp.Dispose();
        _serverTcp.Dispose();
        _listener.Stop();
        return Task.CompletedTask;
    }

    private Rfc6455ClientWebSocket Client() => new(_clientTcp.GetStream(), "v4.channel.k8s.io");

    private WebSocket Server() => WebSocket.CreateFromStream(_serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });

    private static async Task<(byte[] Data, WebSocketMessageType Type)> ReceiveMessage(WebSocket socket)
    {
        var buffer = new byte[8192];
        var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return (message.ToArray(), result.MessageType);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 3)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(1000, 3)]
    [InlineData(65537, 0)]
    public void Mask_matches_the_byte_by_byte_definition(int length, int keyOffset)
    {
        var key = new byte[] { 0x12, 0xA5, 0x3C, 0xFF };
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
        var expected = data.Select((b, i) => (byte)(b ^ key[(i + keyOffset) & 3])).ToArray();

        Rfc6455ClientWebSocket.Mask(data, key, keyOffset);

        Assert.Equal(expected, data);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(300_001)]
    public async Task Messages_of_every_length_class_reach_the_server_intact(int length)
    {
        using var client = Client();
        using var server = Server();
        var payload = Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();

        var receiving = ReceiveMessage(server);
        await client.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (data, type) = await receiving;

        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(payload, data);
    }

    [Fact]
    public async Task A_message_sent_in_parts_arrives_as_one()
    {
        using var client = Client();
        using var server = Server();

        var receiving = ReceiveMessage(server);
        await client.SendAsync("hello "u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await client.SendAsync("world"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var (data, type) = await receiving;

        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("hello world", Encoding.UTF8.GetString(data));
    }

    [Fact]
    public async Task A_fragmented_message_from_the_server_is_received_in_order()
    {
        using var client = Client();
        using var server = Server();

        await server.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, false, CancellationToken.None);
        await server.SendAsync(new byte[] { 4, 5 }, WebSocketMessageType.Binary, false, CancellationToken.None);
        await server.SendAsync(new byte[] { 6 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (data, type) = await ReceiveMessage(client);

        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, data);
    }

    [Fact]
    public async Task A_ping_is_answered_with_a_masked_pong_of_the_same_payload()
    {
        using var client = Client();
        var raw = _serverTcp.GetStream();
        // FIN + ping, unmasked, 3 bytes "abc"; then a binary message so the receive returns.
        await raw.WriteAsync(new byte[] { 0x89, 0x03, (byte)'a', (byte)'b', (byte)'c', 0x82, 0x01, 0x2A });

        var buffer = new byte[16];
        var result = await client.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(1, result.Count);
        Assert.Equal(0x2A, buffer[0]);

        var pong = new byte[2 + 4 + 3];
        await raw.ReadExactlyAsync(pong);
        Assert.Equal(0x8A, pong[0]);
        Assert.Equal(0x80 | 3, pong[1]);
        var key = pong[2..6];
        var body = pong[6..].Select((b, i) => (byte)(b ^ key[i & 3])).ToArray();
        Assert.Equal("abc", Encoding.ASCII.GetString(body));
    }

    [Fact]
    public async Task The_servers_close_is_echoed_and_reported()
    {
        using var client = Client();
        using var server = Server();

        var closing = server.CloseAsync(WebSocketCloseStatus.PolicyViolation, "bye", CancellationToken.None);
        var result = await client.ReceiveAsync(new byte[16], CancellationToken.None);
        await closing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
        Assert.Equal("bye", result.CloseStatusDescription);
        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal(WebSocketState.Closed, server.State);
    }

    [Fact]
    public async Task The_clients_close_completes_the_handshake()
    {
        using var client = Client();
        using var server = Server();

        var serverSide = Task.Run(async () =>
        {
            await ReceiveMessage(server);
            await server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        });
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await serverSide;

        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, server.CloseStatus);
        Assert.Equal("done", server.CloseStatusDescription);
    }

    [Fact]
    public async Task A_masked_frame_from_the_server_is_a_protocol_error()
    {
        using var client = Client();
        var raw = _serverTcp.GetStream();
        await raw.WriteAsync(new byte[] { 0x82, 0x81, 1, 2, 3, 4, 0x55 });

        var error = await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveAsync(new byte[16], CancellationToken.None));

        Assert.Contains("masked frame from the server", error.Message);
        Assert.Equal(WebSocketState.Aborted, client.State);
    }

    [Fact]
    public async Task A_connection_that_ends_without_a_close_frame_is_reported_as_such()
    {
        using var client = Client();
        _serverTcp.Client.Shutdown(SocketShutdown.Send);

        var error = await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveAsync(new byte[16], CancellationToken.None));

        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
    }

    [Fact]
    public async Task Cancelling_a_receive_aborts_the_connection()
    {
        using var client = Client();
        using var cts = new CancellationTokenSource();

        var receive = client.ReceiveAsync(new byte[16], cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(WebSocketState.Aborted, client.State);
    }
}
