using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

using Kube.Client.Internal;

namespace Kube.Client.Rest;

/// <summary>
/// Reads successive top-level JSON values from a stream (a watch response is one object per
/// event). The tokenizer state is kept between reads, so a frame split over many reads is
/// scanned once; bytes live in one pooled buffer that grows to the largest frame.
/// </summary>
internal sealed class JsonFrameReader : IAsyncDisposable
{
    private const int InitialSize = 16 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;      // first byte of the frame being scanned
    private int _scanned;    // bytes after _start already consumed by the tokenizer
    private int _end;        // end of valid data
    private int _depth;
    private JsonReaderState _state;
    private bool _inFrame;
    private bool _eof;
    private int _frameLength;

    public JsonFrameReader(Stream stream, int initialSize = InitialSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    /// <summary>The last frame read; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Current => new(_buffer, _start, _frameLength);

    /// <summary>Reads the next complete value; false at a clean end of stream.</summary>
    public async ValueTask<bool> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (_frameLength > 0)
        {
            _start += _frameLength;
            _frameLength = 0;
        }

        while (true)
        {
            if (TryScan()) return true;
            if (_eof)
            {
                if (_inFrame || HasNonWhitespace(_start, _end))
                    throw new IOException($"the stream ended inside a JSON value ({_end - _start} bytes unread)");
                return false;
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool TryScan()
    {
        if (!_inFrame)
        {
            while (_start < _end && IsWhitespace(_buffer[_start])) _start++;
            if (_start == _end) return false;
            _inFrame = true;
            _scanned = 0;
            _depth = 0;
            _state = default;
        }

        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start + _scanned, _end - _start - _scanned), isFinalBlock: false, _state);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    _depth++;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    _depth--;
                    break;
            }
            if (_depth == 0)
            {
                _frameLength = _scanned + (int)reader.BytesConsumed;
                _inFrame = false;
                return true;
            }
        }
        _scanned += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return false;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0 && (_end == _buffer.Length || _start > _buffer.Length / 2))
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            PooledBuffers.Grow(ref _buffer, _start, _end);
            _end -= _start;
            _start = 0;
        }
        int read = await PooledBuffers.ReadAsync(_stream, _buffer, _end, cancellationToken).ConfigureAwait(false);
        if (read == 0) _eof = true;
        _end += read;
    }

    private bool HasNonWhitespace(int from, int to)
    {
        for (int i = from; i < to; i++)
            if (!IsWhitespace(_buffer[i])) return true;
        return false;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    public ValueTask DisposeAsync()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0) PooledBuffers.Return(buffer);
        return default;
    }
}
