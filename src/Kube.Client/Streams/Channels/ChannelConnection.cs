using Kube.Client.Internal;
using System;
using System.Buffers;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.WebSockets;

namespace Kube.Client.Streams.Channels;

/// <summary>
/// Kubernetes' channel framing over one WebSocket: sends data on a channel (one message per
/// chunk, the channel byte first) and runs the receive loop that hands each received chunk to a
/// callback with its channel, in order and without copying. Sends are serialized; there is one
/// receive loop.
/// </summary>
internal sealed class ChannelConnection : IDisposable
{
    /// <summary>The most payload one message carries: the kubelet's WebSocket reads whole messages into memory.</summary>
    public const int MaxMessagePayload = 32 * 1024;
    private const int ReceiveBufferSize = 64 * 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly KubeWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _disposed;

    public ChannelConnection(KubeWebSocket socket) => _socket = socket;

    public string Protocol => _socket.Protocol;

    /// <summary>"GET /api/v1/namespaces/x/pods/y/exec", for messages.</summary>
    public string Request => _socket.Request;

    /// <summary>True when the protocol can close one channel and keep the others (v5's close signal).</summary>
    public bool CanCloseChannel => Protocol == ChannelProtocols.V5;

    public WebSocketState State => _socket.Socket.State;

    /// <summary>
    /// Receives until the server closes the connection, calling <paramref name="onData"/> with each
    /// non-empty chunk of each message and its channel. The data is only valid during the call.
    /// Returns at the server's close; throws <see cref="WebSocketException"/> when the connection fails.
    /// </summary>
    public async Task ReceiveAsync(Func<byte, ReadOnlyMemory<byte>, CancellationToken, ValueTask> onData, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        try
        {
            int channel = -1;
            while (true)
            {
                var result = await _socket.Socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) return;
                int offset = 0;
                if (channel < 0 && result.Count > 0)
                {
                    channel = buffer[0];
                    offset = 1;
                }
                if (result.MessageType == WebSocketMessageType.Binary && channel >= 0 && result.Count > offset)
                    await onData((byte)channel, new ReadOnlyMemory<byte>(buffer, offset, result.Count - offset), cancellationToken).ConfigureAwait(false);
                if (result.EndOfMessage) channel = -1;
            }
        }
        finally
        {
            PooledBuffers.Return(buffer);
        }
    }

    /// <summary>Sends <paramref name="data"/> on <paramref name="channel"/>, in messages of at most <see cref="MaxMessagePayload"/> bytes.</summary>
    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty) return;
        byte[] message = ArrayPool<byte>.Shared.Rent(Math.Min(data.Length, MaxMessagePayload) + 1);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int sent = 0; sent < data.Length;)
            {
                int chunk = Math.Min(data.Length - sent, MaxMessagePayload);
                message[0] = channel;
                data.Slice(sent, chunk).Span.CopyTo(new Span<byte>(message, 1, chunk));
                await _socket.Socket.SendAsync(new ArraySegment<byte>(message, 0, chunk + 1), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
                sent += chunk;
            }
        }
        finally
        {
            _sendLock.Release();
            PooledBuffers.Return(message);
        }
    }

    /// <summary>Half-closes <paramref name="channel"/> (v5 only): the far end reads end-of-stream on it.</summary>
    public async Task CloseChannelAsync(byte channel, CancellationToken cancellationToken)
    {
        if (!CanCloseChannel) throw new NotSupportedException($"{Protocol} cannot close a single channel; v5.channel.k8s.io can.");
        var signal = new[] { ChannelProtocols.Close, channel };
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.Socket.SendAsync(new ArraySegment<byte>(signal), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Starts the closing handshake and waits briefly for it; a connection that is already gone is left as it is.</summary>
    public async Task CloseAsync()
    {
        var socket = _socket.Socket;
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    /// <summary>Drops the connection at once: pending receives and sends fail.</summary>
    public void Abort() => _socket.Socket.Abort();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _socket.Dispose();
    }
}
