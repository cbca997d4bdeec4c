using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Tests.Support;

/// <summary>A minimal HTTP CONNECT proxy on loopback that records each tunnel's target and Proxy-Authorization.</summary>
public sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ConnectProxy()
    {
        _listener.Start();
        _loop = Accept();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>When set, tunnels without this Proxy-Authorization value get a 407.</summary>
    public string? RequiredAuthorization { get; set; }

    public ConcurrentQueue<(string Target, string? Authorization)> Tunnels { get; } = new();

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => Tunnel(client));
        }
    }

    private async Task Tunnel(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHead(stream);
                var lines = head.Split("\r\n");
                var target = lines[0].Split(' ')[1];
                string? authorization = null;
                foreach (var line in lines)
                {
                    if (line.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))
                    {
                        authorization = line.Substring(line.IndexOf(':') + 1).Trim();
                    }
                }
                if (RequiredAuthorization is not null && authorization != RequiredAuthorization)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n"));
                    return;
                }
                Tunnels.Enqueue((target, authorization));
                var hostPort = target.Split(':');
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(hostPort[0], int.Parse(hostPort[1]), _stop.Token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection established\r\n\r\n"));
                var upstreamStream = upstream.GetStream();
                await Task.WhenAny(stream.CopyToAsync(upstreamStream, _stop.Token), upstreamStream.CopyToAsync(stream, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task<string> ReadHead(NetworkStream stream)
    {
        var buffer = new StringBuilder();
        var one = new byte[1];
        while (!buffer.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("closed");
            }
            buffer.Append((char)one[0]);
        }
        return buffer.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
