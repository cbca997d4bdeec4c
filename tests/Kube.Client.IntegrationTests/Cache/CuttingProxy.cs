using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.IntegrationTests.Cache;

/// <summary>
/// A TCP pass-through to an API server (TLS goes through untouched) that can cut its connections
/// after a given number of bytes from the server, in the middle of whatever is passing: a TLS record,
/// an HTTP/2 frame, a watch event.
/// </summary>
public sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Connection> _connections = new();
    private readonly Task _accepting;
    private int _accepted;
    private int _cuts;
    private long _fromServer;
    private long _cutAt = long.MaxValue;

    public CuttingProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>
    /// Cuts the connection (open now or opened later) through which the server's <paramref name="bytes"/>-th
    /// byte from now passes, right before that byte.
    /// </summary>
    public void CutAfter(long bytes) => Interlocked.Exchange(ref _cutAt, Interlocked.Read(ref _fromServer) + bytes);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
            foreach (var c in _connections) c.Abort();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }
            var connection = new Connection(this, client, upstream);
            lock (_connections) _connections.Add(connection);
            _ = connection.RunAsync().ContinueWith(_ => { lock (_connections) _connections.Remove(connection); }, TaskScheduler.Default);
        }
    }

    /// <summary>How many bytes of a read from the server may pass before an armed cut; -1 when no cut is due.</summary>
    private int BytesBeforeCut(int read)
    {
        long before = Interlocked.Add(ref _fromServer, read) - read;
        long cutAt = Interlocked.Read(ref _cutAt);
        if (before + read < cutAt) return -1;
        if (Interlocked.CompareExchange(ref _cutAt, long.MaxValue, cutAt) != cutAt) return -1;
        Interlocked.Increment(ref _cuts);
        return (int)Math.Max(0, cutAt - before);
    }

    private sealed class Connection
    {
        private readonly CuttingProxy _proxy;
        private readonly TcpClient _client;
        private readonly TcpClient _upstream;

        public Connection(CuttingProxy proxy, TcpClient client, TcpClient upstream)
        {
            _proxy = proxy;
            _client = client;
            _upstream = upstream;
        }

        public void Abort()
        {
            // A reset rather than a clean close: the client sees the stream end mid-whatever.
            // TcpClient.Client is null once the TcpClient is disposed (the pump may have ended first).
            Reset(_client.Client);
            Reset(_upstream.Client);
            _client.Dispose();
            _upstream.Dispose();
        }

        private static void Reset(Socket? socket)
        {
            if (socket is null) return;
            try { socket.LingerState = new LingerOption(true, 0); } catch (Exception e) when (e is ObjectDisposedException or SocketException) { }
        }

        public async Task RunAsync()
        {
            var toServer = PumpAsync(_client.GetStream(), _upstream.GetStream(), fromServer: false);
            var toClient = PumpAsync(_upstream.GetStream(), _client.GetStream(), fromServer: true);
            await Task.WhenAny(toServer, toClient);
            Abort();
            try { await Task.WhenAll(toServer, toClient); } catch (Exception) { }
        }

        private async Task PumpAsync(NetworkStream from, NetworkStream to, bool fromServer)
        {
            var buffer = new byte[16384];
            try
            {
                while (true)
                {
                    int n = await from.ReadAsync(buffer);
                    if (n == 0) return;
                    if (fromServer && _proxy.BytesBeforeCut(n) is int part and >= 0)
                    {
                        if (part > 0) await to.WriteAsync(buffer.AsMemory(0, part));
                        return;
                    }
                    await to.WriteAsync(buffer.AsMemory(0, n));
                }
            }
            catch (Exception e) when (e is System.IO.IOException or ObjectDisposedException or SocketException)
            {
            }
        }
    }
}
