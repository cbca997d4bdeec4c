using Kube.Client.Internal;
using System;
using System.Buffers;
using System.IO;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Streams.WebSockets;

/// <summary>
/// The client side of RFC 6455 framing over an already upgraded connection, for runtimes without
/// <c>WebSocket.CreateFromStream</c> (netstandard2.0, which Windows PowerShell loads). Every frame
/// it sends is masked with a fresh key; it answers pings, accepts fragmented messages, and runs the
/// closing handshake. No extensions (no permessage-deflate). As with the runtime's WebSocket, one
/// receive and one send may run at a time (sends are serialized inside, so control replies never
/// split a data frame), and cancelling a receive or send aborts the connection.
/// </summary>
internal sealed class Rfc6455ClientWebSocket : WebSocket
{
    private const int MaxControlPayload = 125;
    private const int SendChunk = 64 * 1024;
    private const byte OpContinuation = 0x0, OpText = 0x1, OpBinary = 0x2, OpClose = 0x8, OpPing = 0x9, OpPong = 0xA;

    private readonly Stream _stream;
    private readonly string? _subProtocol;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly RandomNumberGenerator _random = RandomNumberGenerator.Create();
    private readonly byte[] _header = new byte[16 * 1024];
    private int _headerOffset;
    private int _headerCount;

    private volatile WebSocketState _state = WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeDescription;
    private bool _sentClose;
    private bool _receivedClose;

    // The data frame being received.
    private bool _inFrame;
    private long _payloadRemaining;
    private bool _frameFinal;
    private bool _inFragmentedMessage;
    private WebSocketMessageType _messageType;

    // Sending: a message sent in parts continues with continuation frames.
    private bool _lastSendEnded = true;

    public Rfc6455ClientWebSocket(Stream stream, string? subProtocol)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _subProtocol = subProtocol;
    }

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;

    public override string? CloseStatusDescription => _closeDescription;

    public override WebSocketState State => _state;

    public override string? SubProtocol => _subProtocol;

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.Array is null) throw new ArgumentNullException(nameof(buffer));
        var state = _state;
        if (state is not (WebSocketState.Open or WebSocketState.CloseSent))
            throw new WebSocketException(WebSocketError.InvalidState, $"Cannot receive in state {state}.");
        using var abort = cancellationToken.CanBeCanceled ? cancellationToken.Register(static s => ((Rfc6455ClientWebSocket)s!).Abort(), this) : default;
        try
        {
            while (true)
            {
                if (!_inFrame)
                {
                    var frame = await ReadFrameHeaderAsync(cancellationToken).ConfigureAwait(false);
                    if (frame.Opcode >= OpClose)
                    {
                        byte[] payload = await ReadControlPayloadAsync((int)frame.Length, cancellationToken).ConfigureAwait(false);
                        if (frame.Opcode == OpPing)
                        {
                            await SendFrameAsync(OpPong, true, new ArraySegment<byte>(payload), cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                        if (frame.Opcode == OpPong) continue;
                        return await OnCloseFrameAsync(payload, cancellationToken).ConfigureAwait(false);
                    }
                    if (frame.Opcode == OpContinuation)
                    {
                        if (!_inFragmentedMessage) throw await ProtocolErrorAsync("a continuation frame without a message to continue").ConfigureAwait(false);
                    }
                    else
                    {
                        if (_inFragmentedMessage) throw await ProtocolErrorAsync("a new message before the last one ended").ConfigureAwait(false);
                        _messageType = frame.Opcode == OpText ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                    }
                    _inFragmentedMessage = !frame.Final;
                    _frameFinal = frame.Final;
                    _payloadRemaining = frame.Length;
                    _inFrame = true;
                    if (frame.Length == 0)
                    {
                        _inFrame = false;
                        return new WebSocketReceiveResult(0, _messageType, frame.Final);
                    }
                }

                int want = (int)Math.Min(buffer.Count, _payloadRemaining);
                int read = await ReadPayloadAsync(buffer.Array, buffer.Offset, want, cancellationToken).ConfigureAwait(false);
                _payloadRemaining -= read;
                bool frameDone = _payloadRemaining == 0;
                if (frameDone) _inFrame = false;
                return new WebSocketReceiveResult(read, _messageType, frameDone && _frameFinal);
            }
        }
        catch (Exception e) when (Failed(e, cancellationToken, out var mapped))
        {
            throw mapped;
        }
    }

    public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (buffer.Array is null) throw new ArgumentNullException(nameof(buffer));
        if (messageType == WebSocketMessageType.Close) throw new ArgumentException("Use CloseAsync or CloseOutputAsync to send a close frame.", nameof(messageType));
        var state = _state;
        if (state is not (WebSocketState.Open or WebSocketState.CloseReceived))
            throw new WebSocketException(WebSocketError.InvalidState, $"Cannot send in state {state}.");
        byte opcode = _lastSendEnded ? (messageType == WebSocketMessageType.Text ? OpText : OpBinary) : OpContinuation;
        _lastSendEnded = endOfMessage;
        using var abort = cancellationToken.CanBeCanceled ? cancellationToken.Register(static s => ((Rfc6455ClientWebSocket)s!).Abort(), this) : default;
        try
        {
            await SendFrameAsync(opcode, endOfMessage, buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failed(e, cancellationToken, out var mapped))
        {
            throw mapped;
        }
    }

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        if (_sentClose || _state is WebSocketState.Aborted or WebSocketState.Closed) return;
        byte[] reason = Encoding.UTF8.GetBytes(statusDescription ?? "");
        int reasonLength = Math.Min(reason.Length, MaxControlPayload - 2);
        var payload = new byte[2 + reasonLength];
        payload[0] = (byte)((int)closeStatus >> 8);
        payload[1] = (byte)closeStatus;
        Buffer.BlockCopy(reason, 0, payload, 2, reasonLength);
        using var abort = cancellationToken.CanBeCanceled ? cancellationToken.Register(static s => ((Rfc6455ClientWebSocket)s!).Abort(), this) : default;
        try
        {
            await SendFrameAsync(OpClose, true, new ArraySegment<byte>(payload), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failed(e, cancellationToken, out var mapped))
        {
            throw mapped;
        }
        _sentClose = true;
        if (_state == WebSocketState.Open) _state = WebSocketState.CloseSent;
        else if (_state == WebSocketState.CloseReceived) _state = WebSocketState.Closed;
    }

    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await CloseOutputAsync(closeStatus, statusDescription, cancellationToken).ConfigureAwait(false);
        var scratch = new byte[4096];
        while (!_receivedClose && _state == WebSocketState.CloseSent)
        {
            await ReceiveAsync(new ArraySegment<byte>(scratch), cancellationToken).ConfigureAwait(false);
        }
        _state = WebSocketState.Closed;
        _stream.Dispose();
    }

    public override void Abort()
    {
        if (_state != WebSocketState.Closed) _state = WebSocketState.Aborted;
        try { _stream.Dispose(); }
        catch (IOException) { }
    }

    public override void Dispose()
    {
        if (_state is not (WebSocketState.Closed or WebSocketState.Aborted)) _state = WebSocketState.Aborted;
        try { _stream.Dispose(); }
        catch (IOException) { }
        _random.Dispose();
    }

    /// <summary>XORs <paramref name="data"/> with the 4-byte <paramref name="key"/>, starting at byte <paramref name="keyOffset"/> of it.</summary>
    internal static void Mask(Span<byte> data, ReadOnlySpan<byte> key, int keyOffset)
    {
        Span<byte> pattern = stackalloc byte[8];
        for (int i = 0; i < 8; i++) pattern[i] = key[(keyOffset + i) & 3];
        ulong wide = MemoryMarshal.Read<ulong>(pattern);
        int longs = data.Length / 8;
        var words = MemoryMarshal.Cast<byte, ulong>(data.Slice(0, longs * 8));
        for (int i = 0; i < words.Length; i++) words[i] ^= wide;
        for (int i = longs * 8; i < data.Length; i++) data[i] ^= pattern[i & 7];
    }

    private async Task<WebSocketReceiveResult> OnCloseFrameAsync(byte[] payload, CancellationToken cancellationToken)
    {
        _receivedClose = true;
        var status = WebSocketCloseStatus.Empty;
        string description = "";
        if (payload.Length == 1) throw await ProtocolErrorAsync("a close frame with a one-byte payload").ConfigureAwait(false);
        if (payload.Length >= 2)
        {
            status = (WebSocketCloseStatus)((payload[0] << 8) | payload[1]);
            description = Encoding.UTF8.GetString(payload, 2, payload.Length - 2);
        }
        _closeStatus = status;
        _closeDescription = description;
        if (!_sentClose)
        {
            _state = WebSocketState.CloseReceived;
            try
            {
                // Echo the close (with its code, or none) to finish the handshake.
                var echo = payload.Length >= 2 ? new ArraySegment<byte>(payload, 0, 2) : new ArraySegment<byte>(Array.Empty<byte>());
                await SendFrameAsync(OpClose, true, echo, cancellationToken).ConfigureAwait(false);
                _sentClose = true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The server may already be gone; its close frame is what counts.
            }
        }
        _state = WebSocketState.Closed;
        return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, status, description);
    }

    private async Task<WebSocketException> ProtocolErrorAsync(string what)
    {
        try
        {
            await CloseOutputAsync(WebSocketCloseStatus.ProtocolError, what, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or WebSocketException)
        {
        }
        Abort();
        return new WebSocketException(WebSocketError.Faulted, $"The server broke the WebSocket protocol: {what}.");
    }

    private readonly struct FrameHeader
    {
        public FrameHeader(byte opcode, bool final, long length)
        {
            Opcode = opcode;
            Final = final;
            Length = length;
        }

        public byte Opcode { get; }
        public bool Final { get; }
        public long Length { get; }
    }

    private async Task<FrameHeader> ReadFrameHeaderAsync(CancellationToken cancellationToken)
    {
        await EnsureBufferedAsync(2, cancellationToken).ConfigureAwait(false);
        byte b0 = _header[_headerOffset];
        byte b1 = _header[_headerOffset + 1];
        bool final = (b0 & 0x80) != 0;
        if ((b0 & 0x70) != 0) throw await ProtocolErrorAsync("reserved bits set without an extension").ConfigureAwait(false);
        byte opcode = (byte)(b0 & 0x0F);
        if (opcode is > OpBinary and < OpClose or > OpPong) throw await ProtocolErrorAsync($"unknown opcode {opcode}").ConfigureAwait(false);
        if ((b1 & 0x80) != 0) throw await ProtocolErrorAsync("a masked frame from the server").ConfigureAwait(false);
        int length7 = b1 & 0x7F;
        int extra = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        await EnsureBufferedAsync(2 + extra, cancellationToken).ConfigureAwait(false);
        long length = length7;
        if (extra == 2)
        {
            length = (_header[_headerOffset + 2] << 8) | _header[_headerOffset + 3];
        }
        else if (extra == 8)
        {
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | _header[_headerOffset + 2 + i];
            if (length < 0) throw await ProtocolErrorAsync("a frame length over 2^63").ConfigureAwait(false);
        }
        _headerOffset += 2 + extra;
        _headerCount -= 2 + extra;
        if (opcode >= OpClose && (!final || length > MaxControlPayload))
            throw await ProtocolErrorAsync("a fragmented or oversized control frame").ConfigureAwait(false);
        return new FrameHeader(opcode, final, length);
    }

    private async Task<byte[]> ReadControlPayloadAsync(int length, CancellationToken cancellationToken)
    {
        var payload = new byte[length];
        int done = 0;
        while (done < length)
        {
            int n = await ReadPayloadAsync(payload, done, length - done, cancellationToken).ConfigureAwait(false);
            done += n;
        }
        return payload;
    }

    /// <summary>Reads up to <paramref name="count"/> payload bytes: those already buffered first, then from the stream.</summary>
    private async Task<int> ReadPayloadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (count == 0) return 0;
        if (_headerCount > 0)
        {
            int n = Math.Min(count, _headerCount);
            Buffer.BlockCopy(_header, _headerOffset, buffer, offset, n);
            _headerOffset += n;
            _headerCount -= n;
            return n;
        }
        int read = await _stream.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        if (read == 0) throw ClosedPrematurely();
        return read;
    }

    private async Task EnsureBufferedAsync(int count, CancellationToken cancellationToken)
    {
        if (_headerCount >= count) return;
        if (_headerOffset > 0)
        {
            Buffer.BlockCopy(_header, _headerOffset, _header, 0, _headerCount);
            _headerOffset = 0;
        }
        while (_headerCount < count)
        {
            int read = await _stream.ReadAsync(_header, _headerCount, _header.Length - _headerCount, cancellationToken).ConfigureAwait(false);
            if (read == 0) throw ClosedPrematurely();
            _headerCount += read;
        }
    }

    private WebSocketException ClosedPrematurely() =>
        new(WebSocketError.ConnectionClosedPrematurely, "The remote party closed the WebSocket connection without completing the close handshake.");

    private async Task SendFrameAsync(byte opcode, bool final, ArraySegment<byte> payload, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        byte[] frame = ArrayPool<byte>.Shared.Rent(Math.Min(payload.Count, SendChunk) + 14);
        try
        {
            var key = new byte[4];
            _random.GetBytes(key);
            int head = 0;
            frame[head++] = (byte)((final ? 0x80 : 0) | opcode);
            int count = payload.Count;
            if (count <= 125)
            {
                frame[head++] = (byte)(0x80 | count);
            }
            else if (count <= ushort.MaxValue)
            {
                frame[head++] = 0x80 | 126;
                frame[head++] = (byte)(count >> 8);
                frame[head++] = (byte)count;
            }
            else
            {
                frame[head++] = 0x80 | 127;
                for (int i = 7; i >= 0; i--) frame[head++] = (byte)((long)count >> (8 * i));
            }
            Buffer.BlockCopy(key, 0, frame, head, 4);
            head += 4;

            int sent = 0;
            do
            {
                // Chunks are multiples of 4 bytes, so each starts at mask offset 0.
                int chunk = Math.Min(count - sent, SendChunk);
                Buffer.BlockCopy(payload.Array!, payload.Offset + sent, frame, head, chunk);
                Mask(new Span<byte>(frame, head, chunk), key, 0);
                await _stream.WriteAsync(frame, 0, head + chunk, cancellationToken).ConfigureAwait(false);
                sent += chunk;
                head = 0;
            }
            while (sent < count);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PooledBuffers.Return(frame);
            _sendLock.Release();
        }
    }

    /// <summary>Maps a failed read or write to what a WebSocket user expects, aborting the connection.</summary>
    private bool Failed(Exception e, CancellationToken cancellationToken, out Exception mapped)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            Abort();
            mapped = new OperationCanceledException("The WebSocket operation was cancelled; the connection is aborted.", e, cancellationToken);
            return true;
        }
        if (e is WebSocketException)
        {
            if (_state != WebSocketState.Closed) _state = WebSocketState.Aborted;
            mapped = e;
            return false;
        }
        if (e is IOException or ObjectDisposedException)
        {
            bool aborted = _state == WebSocketState.Aborted;
            Abort();
            mapped = new WebSocketException(WebSocketError.ConnectionClosedPrematurely,
                aborted ? "The WebSocket connection was aborted." : $"The WebSocket connection failed: {e.Message}", e);
            return true;
        }
        mapped = e;
        return false;
    }
}
