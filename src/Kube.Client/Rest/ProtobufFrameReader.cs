using Kube.Client.Internal;
using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Rest;

/// <summary>
/// Reads the frames of a protobuf watch stream: each a 4-byte big-endian length and that many bytes
/// (Kubernetes' LengthDelimitedFramer). Bytes live in one pooled buffer that grows to the largest frame.
/// </summary>
internal sealed class ProtobufFrameReader : IAsyncDisposable
{
    /// <summary>A frame this long is taken for a corrupt stream rather than allocated.</summary>
    internal const int MaxFrameBytes = 512 * 1024 * 1024;

    private const int InitialSize = 16 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _frameLength;

    public ProtobufFrameReader(Stream stream, int initialSize = InitialSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    /// <summary>The last frame read, without its length prefix; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Current => new(_buffer, _start, _frameLength);

    /// <summary>Reads the next frame; false at a clean end of stream (between frames).</summary>
    public async ValueTask<bool> ReadFrameAsync(CancellationToken cancellationToken)
    {
        _start += _frameLength;
        _frameLength = 0;

        if (!await FillAsync(4, cancellationToken).ConfigureAwait(false))
        {
            if (_end == _start) return false;
            throw new IOException($"the watch stream ended inside a frame's length ({_end - _start} of 4 bytes)");
        }
        uint length = BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(_buffer, _start, 4));
        if (length > MaxFrameBytes)
            throw new IOException($"a watch frame claims {length} bytes, more than the {MaxFrameBytes} allowed; the stream is not length-delimited protobuf");
        _start += 4;
        if (!await FillAsync((int)length, cancellationToken).ConfigureAwait(false))
            throw new IOException($"the watch stream ended inside a frame ({_end - _start} of {length} bytes)");
        _frameLength = (int)length;
        return true;
    }

    /// <summary>Makes <paramref name="count"/> bytes from _start available; false when the stream ends first.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            if (_buffer.Length - _start < count)
            {
                // Move the partial frame to the front, into a bigger buffer if it does not fit.
                var target = _buffer.Length < count ? ArrayPool<byte>.Shared.Rent(count) : _buffer;
                Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
                if (!ReferenceEquals(target, _buffer))
                {
                    PooledBuffers.Return(_buffer);
                    _buffer = target;
                }
                _end -= _start;
                _start = 0;
            }
#if NET8_0_OR_GREATER
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
#else
            int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
#endif
            if (read == 0) return false;
            _end += read;
        }
        return true;
    }

    public ValueTask DisposeAsync()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0) PooledBuffers.Return(buffer);
        return default;
    }
}
