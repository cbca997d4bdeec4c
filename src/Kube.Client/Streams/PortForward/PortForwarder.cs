using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Streams.Channels;
using Kube.Client.Streams.Targets;
using Kube.Client.Streams.WebSockets;

namespace Kube.Client.Streams.PortForward;

/// <summary>
/// Forwards local TCP ports to a pod's ports (kubectl port-forward) over WebSockets of the
/// <see cref="RestClient"/>'s transport: one listener per port and address, and one WebSocket
/// (<c>pods/{name}/portforward?ports=N</c>) per accepted connection, so connections run side by
/// side and fail one at a time (<see cref="ConnectionFailed"/>, <see cref="RecentErrors"/>).
/// <list type="bullet">
/// <item>Data is copied as it comes, in both directions, with backpressure; nothing is buffered whole.</item>
/// <item>When the local side stops sending, the pod's side keeps its connection (as with kubectl)
/// until the pod closes it: the WebSocket protocol has no half-close to pass the end of input on,
/// so a pod's server that waits for it sees it only when the local connection closes.</item>
/// <item>It runs until <see cref="StopAsync"/> or disposal, which closes the listeners and every
/// connection at once.</item>
/// </list>
/// </summary>
public sealed class PortForwarder : IAsyncDisposable
{
    private const int CopyBuffer = ChannelConnection.MaxMessagePayload;

    private readonly RestClient _rest;
    private readonly int _errorsKept;
    private readonly List<(Socket Socket, ForwardedPort Port)> _listeners = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly ConcurrentQueue<PortForwardError> _errors = new();
    private readonly TaskCompletionSource<bool> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _acceptLoops = new();
    private long _nextConnection;
    private long _bytesSent;
    private long _bytesReceived;
    private int _stopping;

    private PortForwarder(RestClient rest, string @namespace, string pod, int errorsKept)
    {
        _rest = rest;
        Namespace = @namespace;
        Pod = pod;
        _errorsKept = Math.Max(1, errorsKept);
    }

    public string Namespace { get; }

    public string Pod { get; }

    /// <summary>The ports forwarded, with the local ports actually bound.</summary>
    public IReadOnlyList<ForwardedPort> Ports { get; private set; } = Array.Empty<ForwardedPort>();

    /// <summary>Connections being forwarded now.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>Connections accepted since the start.</summary>
    public long TotalConnections => Interlocked.Read(ref _nextConnection);

    /// <summary>Bytes sent to the pod.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes received from the pod.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>The last connection errors, oldest first.</summary>
    public IReadOnlyList<PortForwardError> RecentErrors => _errors.ToArray();

    /// <summary>Raised on a thread-pool thread for each connection that fails; handlers must return quickly.</summary>
    public event Action<PortForwardError>? ConnectionFailed;

    /// <summary>Completes when the forwarder has stopped and every connection is closed.</summary>
    public Task Completion => _stopped.Task;

    public bool IsRunning => Volatile.Read(ref _stopping) == 0;

    /// <summary>
    /// Listens on the local ports and starts forwarding to <paramref name="pod"/>; the ports'
    /// remote sides must be numbers (see <see cref="PortForwardTargets"/>). Returns once every
    /// listener is bound; the forwarder then runs until stopped.
    /// </summary>
    /// <exception cref="LocalPortInUseException">A local port cannot be bound.</exception>
    public static Task<PortForwarder> StartAsync(RestClient rest, string @namespace, string pod, IEnumerable<PortMapping> ports, PortForwardOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (rest is null) throw new ArgumentNullException(nameof(rest));
        if (string.IsNullOrEmpty(@namespace)) throw new ArgumentException("A namespace is needed.", nameof(@namespace));
        if (string.IsNullOrEmpty(pod)) throw new ArgumentException("A pod name is needed.", nameof(pod));
        var mappings = (ports ?? throw new ArgumentNullException(nameof(ports))).ToList();
        if (mappings.Count == 0) throw new ArgumentException("Give at least one port to forward.", nameof(ports));
        if (mappings.FirstOrDefault(m => m.RemotePortName is not null) is { RemotePortName: { } named })
            throw new ArgumentException($"The remote port \"{named}\" is a name; resolve it against the pod first (PortForwardTargets).", nameof(ports));
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new PortForwardOptions();
        var forwarder = new PortForwarder(rest, @namespace, pod, options.ErrorsKept);
        try
        {
            forwarder.Listen(mappings, options.Addresses);
        }
        catch
        {
            forwarder.CloseListeners();
            throw;
        }
        return Task.FromResult(forwarder);
    }

    /// <summary>Resolves <paramref name="target"/> (a pod, a workload's or a Service's most active pod) and starts forwarding to it.</summary>
    public static async Task<PortForwarder> StartAsync(Clientset clientset, WorkloadKind kind, string @namespace, string target, IReadOnlyList<PortMapping> ports,
        PortForwardOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (clientset is null) throw new ArgumentNullException(nameof(clientset));
        var (pod, resolved) = await PortForwardTargets.ResolveAsync(clientset, kind, @namespace, target, ports, cancellationToken).ConfigureAwait(false);
        return await StartAsync(clientset.CoreV1().RestClient, @namespace, pod.Metadata!.Name!, resolved, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the listeners and every forwarded connection, and waits for them to end.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            _stop.Cancel();
            CloseListeners();
        }
        try
        {
            await Task.WhenAll(_acceptLoops.Concat(_connections.Values)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        _stopped.TrySetResult(true);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Listen(List<PortMapping> mappings, IList<IPAddress> addresses)
    {
        bool localhost = addresses is null || addresses.Count == 0;
        var targets = localhost ? new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback } : addresses!.ToList();
        var ports = new List<ForwardedPort>();
        foreach (var mapping in mappings)
        {
            // A free port picked on the first address may be taken on the next: pick again.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    ports.Add(ListenOn(targets, mapping, localhost));
                    break;
                }
                catch (LocalPortInUseException) when (mapping.LocalPort == 0 && attempt < 5)
                {
                }
            }
        }
        Ports = ports;
        foreach (var (socket, forwarded) in _listeners)
            _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(socket, forwarded)));
    }

    private ForwardedPort ListenOn(List<IPAddress> targets, PortMapping mapping, bool localhost)
    {
        int port = mapping.LocalPort;
        var sockets = new List<Socket>();
        var bound = new List<IPAddress>();
        try
        {
            foreach (var address in targets)
            {
                Socket socket;
                try
                {
                    socket = Bind(address, port);
                }
                catch (SocketException e) when (localhost && address.Equals(IPAddress.IPv6Loopback) && bound.Count > 0 && e.SocketErrorCode is not SocketError.AddressAlreadyInUse)
                {
                    // No IPv6 here: localhost is 127.0.0.1 alone, as kubectl settles for.
                    continue;
                }
                catch (SocketException e)
                {
                    throw new LocalPortInUseException(address, port, e);
                }
                sockets.Add(socket);
                port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                bound.Add(address);
            }
        }
        catch
        {
            foreach (var socket in sockets) socket.Dispose();
            throw;
        }
        var forwarded = new ForwardedPort(port, mapping.RemotePort, bound);
        foreach (var socket in sockets) _listeners.Add((socket, forwarded));
        return forwarded;
    }

    private static Socket Bind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(128);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void CloseListeners()
    {
        foreach (var (socket, _) in _listeners)
        {
            try { socket.Dispose(); }
            catch (SocketException) { }
        }
    }

    private async Task AcceptLoopAsync(Socket listener, ForwardedPort port)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket local;
            try
            {
                local = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested) return;
                Report(port, $"accepting a connection failed: {e.Message}", e);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            long id = Interlocked.Increment(ref _nextConnection);
            // The connection leaves the table before its task completes, so a stop that awaited it sees none left.
            var registered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = Task.Run(async () =>
            {
                await registered.Task.ConfigureAwait(false);
                try
                {
                    await ForwardAsync(local, port).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(id, out Task? _);
                }
            });
            _connections[id] = task;
            registered.SetResult(true);
        }
    }

    private async Task ForwardAsync(Socket local, ForwardedPort port)
    {
        var token = _stop.Token;
        using (local)
        using (token.Register(static s => ((Socket)s!).Dispose(), local))
        {
            local.NoDelay = true;
            KubeWebSocket socket;
            try
            {
                var request = _rest.Get().ApiVersion("v1").Namespace(Namespace).Resource("pods").Name(Pod).SubResource("portforward")
                    .Param("ports", port.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
                socket = await WebSocketDialer.ConnectAsync(request, ChannelProtocols.PortForward, token).ConfigureAwait(false);
            }
            catch (Exception e) when (!token.IsCancellationRequested && e is KubeApiException or KubeConnectionException or IOException or WebSocketException)
            {
                Report(port, $"could not open a stream to pod {Namespace}/{Pod}: {e.Message}", e);
                return;
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }

            using var connection = new ChannelConnection(socket);
            using var localStream = new NetworkStream(local, ownsSocket: false);
            var tunnel = new Tunnel();
            var remoteToLocal = connection.ReceiveAsync((channel, data, ct) => tunnel.OnDataAsync(channel, data, localStream, this, ct), token);
            var localToRemote = Task.Run(() => CopyToPodAsync(localStream, connection, token));

            var first = await Task.WhenAny(remoteToLocal, localToRemote).ConfigureAwait(false);
            if (first == localToRemote && localToRemote.Status == TaskStatus.RanToCompletion)
            {
                // The local side is done sending; what the pod still sends goes on until it closes.
                try { await remoteToLocal.ConfigureAwait(false); }
                catch (Exception) { }
            }
            else if (first == remoteToLocal)
            {
                // The pod's side closed: pass the end on, then drop the local connection.
                try { local.Shutdown(SocketShutdown.Send); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            }
            await connection.CloseAsync().ConfigureAwait(false);
            connection.Abort();
            local.Dispose();
            try { await Task.WhenAll(remoteToLocal, localToRemote).ConfigureAwait(false); }
            catch (Exception) { }

            if (tunnel.Error is { Length: > 0 } error)
                Report(port, error, null);
            else if (!token.IsCancellationRequested && remoteToLocal.Exception?.GetBaseException() is WebSocketException lost)
                Report(port, $"the stream to pod {Namespace}/{Pod} was lost: {lost.Message}", lost);
        }
    }

    private async Task CopyToPodAsync(NetworkStream localStream, ChannelConnection connection, CancellationToken token)
    {
        var buffer = new byte[CopyBuffer];
        while (true)
        {
            int read = await localStream.ReadAsync(buffer, 0, buffer.Length, token).ConfigureAwait(false);
            if (read == 0) return;
            await connection.SendAsync(0, new ReadOnlyMemory<byte>(buffer, 0, read), token).ConfigureAwait(false);
            Interlocked.Add(ref _bytesSent, read);
        }
    }

    private void Report(ForwardedPort port, string message, Exception? exception)
    {
        var error = new PortForwardError(DateTimeOffset.UtcNow, port.LocalPort, port.RemotePort, message, exception);
        _errors.Enqueue(error);
        while (_errors.Count > _errorsKept && _errors.TryDequeue(out _)) { }
        try
        {
            ConnectionFailed?.Invoke(error);
        }
        catch (Exception)
        {
            // A handler's failure must not take the forwarder down.
        }
    }

    /// <summary>
    /// One forwarded connection's receiving side: each channel opens with the port number (two
    /// bytes), then the data channel carries the pod's bytes and the error channel the kubelet's
    /// error text.
    /// </summary>
    private sealed class Tunnel
    {
        private int _dataHeader = 2;
        private int _errorHeader = 2;
        private readonly StringBuilder _error = new();

        public string? Error => _error.Length == 0 ? null : _error.ToString();

        public async ValueTask OnDataAsync(byte channel, ReadOnlyMemory<byte> data, NetworkStream local, PortForwarder owner, CancellationToken cancellationToken)
        {
            if (channel == 0)
            {
                int skip = Math.Min(_dataHeader, data.Length);
                _dataHeader -= skip;
                data = data.Slice(skip);
                if (data.IsEmpty) return;
#if NET8_0_OR_GREATER
                await local.WriteAsync(data, cancellationToken).ConfigureAwait(false);
#else
                var bytes = data.ToArray();
                await local.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
#endif
                Interlocked.Add(ref owner._bytesReceived, data.Length);
            }
            else if (channel == 1)
            {
                int skip = Math.Min(_errorHeader, data.Length);
                _errorHeader -= skip;
                data = data.Slice(skip);
                if (!data.IsEmpty && _error.Length < 4096) _error.Append(Encoding.UTF8.GetString(data.ToArray()));
            }
        }
    }
}
