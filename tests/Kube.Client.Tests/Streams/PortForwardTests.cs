using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;
using Kube.Client.Streams.PortForward;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Streams;

/// <summary>
/// Port-forward against an in-process kubelet speaking the WebSocket port-forward protocol (port
/// number first on each channel, data on channel 0, errors on 1). Remote port 7 echoes, 9 refuses,
/// 13 sends a greeting and closes.
/// </summary>
public sealed class PortForwardTests : IAsyncLifetime
{
    private readonly StreamingTestServer _server = new();
    private int _open;
    private RestClient _rest = null!;

    public Task InitializeAsync()
    {
        _rest = RestClient.Create(new RestConfig { Host = _server.Url, Qps = 0 });
        _server.Handler = Handle;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _server.DisposeAsync();
    }

    private int OpenTunnels => Volatile.Read(ref _open);

    private async Task Handle(StreamRequest request, StreamExchange exchange)
    {
        if (!request.Path.EndsWith("/portforward", StringComparison.Ordinal))
        {
            await exchange.RespondStatusAsync(404, "NotFound", "no");
            return;
        }
        int port = int.Parse(request.QueryValue("ports")!);
        var socket = await exchange.AcceptWebSocketAsync("v4.channel.k8s.io");
        if (socket is null) return;
        Interlocked.Increment(ref _open);
        try
        {
            var header = BitConverter.GetBytes((ushort)port);
            await socket.SendAsync(new byte[] { 0, header[0], header[1] }, WebSocketMessageType.Binary, true, exchange.Stopping);
            await socket.SendAsync(new byte[] { 1, header[0], header[1] }, WebSocketMessageType.Binary, true, exchange.Stopping);
            switch (port)
            {
                case 7:
                    var buffer = new byte[70000];
                    while (true)
                    {
                        var result = await socket.ReceiveAsync(buffer, exchange.Stopping);
                        if (result.MessageType == WebSocketMessageType.Close) return;
                        if (result.Count > 1 && buffer[0] == 0)
                        {
                            buffer[0] = 0;
                            await socket.SendAsync(buffer.AsMemory(0, result.Count), WebSocketMessageType.Binary, true, exchange.Stopping);
                        }
                    }
                case 9:
                    await socket.SendAsync(Encoding.UTF8.GetBytes("\u0001error forwarding port 9 to pod web, uid : dial tcp4 127.0.0.1:9: connect: connection refused"), WebSocketMessageType.Binary, true, exchange.Stopping);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", exchange.Stopping);
                    return;
                default:
                    await socket.SendAsync(Encoding.UTF8.GetBytes("\u0000hello from " + port + "\n"), WebSocketMessageType.Binary, true, exchange.Stopping);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", exchange.Stopping);
                    return;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private Task<PortForwarder> Start(params string[] ports) =>
        PortForwarder.StartAsync(_rest, "ns", "web", ports.Select(PortMapping.Parse));

    private static async Task<TcpClient> Connect(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return client;
    }

    [Fact]
    public async Task Bytes_go_to_the_pod_and_back()
    {
        await using var forwarder = await Start("0:7");
        using var client = await Connect(forwarder.Ports[0].LocalPort);
        var stream = client.GetStream();
        var payload = Enumerable.Range(0, 1_000_000).Select(i => (byte)(i * 13)).ToArray();

        var writing = stream.WriteAsync(payload).AsTask();
        var echoed = new byte[payload.Length];
        await stream.ReadExactlyAsync(echoed);
        await writing;

        Assert.Equal(payload, echoed);
        Assert.Equal(payload.Length, forwarder.BytesSent);
        Assert.Equal(payload.Length, forwarder.BytesReceived);
        var request = _server.Requests.Single();
        Assert.Equal("/api/v1/namespaces/ns/pods/web/portforward", request.Path);
        Assert.Equal("7", request.QueryValue("ports"));
    }

    [Fact]
    public async Task Concurrent_connections_each_get_their_own_stream()
    {
        await using var forwarder = await Start("0:7");
        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Connect(forwarder.Ports[0].LocalPort)));
        try
        {
            await Task.WhenAll(clients.Select(async (client, i) =>
            {
                var message = Encoding.ASCII.GetBytes($"connection {i}\n");
                await client.GetStream().WriteAsync(message);
                var back = new byte[message.Length];
                await client.GetStream().ReadExactlyAsync(back);
                Assert.Equal(message, back);
            }));
            Assert.Equal(8, forwarder.TotalConnections);
            Assert.Equal(8, _server.Requests.Count);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Fact]
    public async Task When_the_pod_closes_the_local_connection_sees_the_end()
    {
        await using var forwarder = await Start("0:13");
        using var client = await Connect(forwarder.Ports[0].LocalPort);

        var text = await new StreamReader(client.GetStream()).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("hello from 13\n", text);
        await Poll.UntilAsync(() => forwarder.ActiveConnections == 0, "the connection to be done");
        Assert.Empty(forwarder.RecentErrors);
    }

    [Fact]
    public async Task An_error_from_the_kubelet_fails_that_connection_only()
    {
        await using var forwarder = await Start("0:9", "0:7");
        var failed = new TaskCompletionSource<PortForwardError>();
        forwarder.ConnectionFailed += e => failed.TrySetResult(e);

        using (var refused = await Connect(forwarder.Ports[0].LocalPort))
        {
            Assert.Equal(0, await refused.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        }
        var error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(9, error.RemotePort);
        Assert.Equal(forwarder.Ports[0].LocalPort, error.LocalPort);
        Assert.Contains("connection refused", error.Message);
        Assert.Same(error, forwarder.RecentErrors.Single());
        using var echo = await Connect(forwarder.Ports[1].LocalPort);
        await echo.GetStream().WriteAsync("ok"u8.ToArray());
        var back = new byte[2];
        await echo.GetStream().ReadExactlyAsync(back);
        Assert.Equal("ok", Encoding.ASCII.GetString(back));
    }

    [Fact]
    public async Task A_local_port_in_use_is_a_clear_error_and_nothing_is_left_listening()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<LocalPortInUseException>(() => Start($"{port}:7"));

        Assert.Equal(port, error.Port);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task Port_zero_picks_a_free_port_on_localhost()
    {
        await using var forwarder = await Start(":7");

        var port = forwarder.Ports.Single();
        Assert.NotEqual(0, port.LocalPort);
        Assert.Equal(7, port.RemotePort);
        Assert.Contains(IPAddress.Loopback, port.Addresses);
        if (Socket.OSSupportsIPv6) Assert.Contains(IPAddress.IPv6Loopback, port.Addresses);
    }

    [Fact]
    public async Task Stopping_closes_the_listener_and_every_open_connection_at_once()
    {
        var forwarder = await Start("0:7");
        int port = forwarder.Ports[0].LocalPort;
        using var client = await Connect(port);
        await client.GetStream().WriteAsync("x"u8.ToArray());
        await client.GetStream().ReadExactlyAsync(new byte[1]);
        Assert.Equal(1, OpenTunnels);

        await forwarder.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(forwarder.Completion.IsCompletedSuccessfully);
        Assert.Equal(0, forwarder.ActiveConnections);
        await Poll.UntilAsync(() => OpenTunnels == 0, "the server to see the stream close");
        int read;
        try { read = await client.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (IOException) { read = 0; }
        Assert.Equal(0, read);
        await Assert.ThrowsAsync<SocketException>(() => Connect(port));
    }

    [Theory]
    [InlineData("8080:80", 8080, 80, null)]
    [InlineData("80", 80, 80, null)]
    [InlineData(":80", 0, 80, null)]
    [InlineData("0:80", 0, 80, null)]
    [InlineData("8080:http", 8080, 0, "http")]
    public void Port_mappings_read_as_kubectl_reads_them(string text, int local, int remote, string? name)
    {
        var mapping = PortMapping.Parse(text);

        Assert.Equal(local, mapping.LocalPort);
        Assert.Equal(remote, mapping.RemotePort);
        Assert.Equal(name, mapping.RemotePortName);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("8080:", "no remote port")]
    [InlineData("70000:80", "not a local port")]
    [InlineData("80:0", "not a remote port")]
    [InlineData("80:Bad_Name", "neither a port number nor a port name")]
    public void Bad_port_mappings_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PortMapping.Parse(text));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Service_ports_become_the_target_ports_of_the_chosen_pod()
    {
        var service = JsonSerializer.Deserialize("""
            {"metadata":{"name":"web","namespace":"ns"},"spec":{"clusterIP":"10.0.0.1","ports":[
              {"name":"http","port":80,"targetPort":"web-port"},
              {"name":"admin","port":9000,"targetPort":9443},
              {"port":53}]}}
            """, KubeJsonContext.Default.CoreV1Service)!;
        var pod = JsonSerializer.Deserialize("""
            {"metadata":{"name":"web-1","namespace":"ns"},"spec":{"containers":[{"name":"c","ports":[{"name":"web-port","containerPort":8080}]}]}}
            """, KubeJsonContext.Default.CoreV1Pod)!;

        var ports = PortForwardTargets.ForService(service, pod, new[] { "80", "5000:admin", "http", ":53" }.Select(PortMapping.Parse).ToList());

        Assert.Equal(new[] { new PortMapping(80, 8080), new PortMapping(5000, 9443), new PortMapping(80, 8080), new PortMapping(0, 53) }, ports);
        var error = Assert.Throws<ArgumentException>(() => PortForwardTargets.ForService(service, pod, new[] { PortMapping.Parse("81") }));
        Assert.Equal("service ns/web has no port 81; its ports are: 80 (http), 9000 (admin), 53", error.Message);
    }
}
