using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;

namespace Kube.Client.Rest;

/// <summary>
/// The mechanics shared by the readers that decode a JSON body piece by piece as its bytes arrive
/// (a list's items, a table's rows): a pooled buffer that grows to the largest piece, and the
/// tokenizer's state kept between reads, so bytes before the current piece are never scanned twice.
/// A subclass walks the body's structure in <see cref="TryRead"/> with a reader from
/// <see cref="CreateReader"/>, and commits each token it is done with. A body already in memory
/// is read the same way, synchronously, with <see cref="ReadPiece"/>.
/// </summary>
internal abstract class StreamedJsonReader : IAsyncDisposable
{
    protected const int DefaultInitialSize = 64 * 1024;

    private readonly Stream? _stream;
    private readonly bool _pooled;
    private byte[] _buffer;
    private int _position;   // first byte not yet consumed by a committed token
    private int _end;        // end of the bytes read
    private bool _eof;
    private long _committedBefore; // bytes of the body before _buffer[0]
    private JsonReaderState _state;

    protected StreamedJsonReader(Stream stream, int initialSize = DefaultInitialSize, JsonReaderOptions options = default)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialSize));
        _pooled = true;
        _state = new JsonReaderState(options);
    }

    /// <summary>Reads a whole body already in memory (read in place, never copied); use <see cref="ReadPiece"/>.</summary>
    protected StreamedJsonReader(ArraySegment<byte> body, JsonReaderOptions options = default)
    {
        _buffer = body.Array ?? throw new ArgumentNullException(nameof(body));
        _position = body.Offset;
        _end = body.Offset + body.Count;
        _committedBefore = -body.Offset;
        _eof = true;
        _state = new JsonReaderState(options);
    }

    protected enum Step
    {
        /// <summary>A piece was read: the subclass's Current is set.</summary>
        Piece,
        /// <summary>The buffer ends inside the next token or piece.</summary>
        NeedMore,
        /// <summary>The body's structure has ended; what follows is ignored.</summary>
        End,
    }

    /// <summary>True once the body's structure has ended.</summary>
    protected abstract bool IsDone { get; }

    /// <summary>What to say when the body stops after <paramref name="bytes"/> bytes, inside the structure (no final period).</summary>
    protected abstract string EndedEarly(int bytes);

    /// <summary>Walks the buffered bytes until a piece is read, more bytes are needed, or the body ends.</summary>
    protected abstract Step TryRead();

    /// <summary>True once the stream has ended: the buffered bytes are the last (the reader is a final block).</summary>
    protected bool IsFinalBlock => _eof;

    /// <summary>The bytes of the body read so far.</summary>
    private int BodyLength => (int)(_committedBefore + _end);

    /// <summary>How far into the body the next uncommitted byte is (for messages).</summary>
    protected long BytesCommitted => _committedBefore + _position;

    /// <summary>
    /// The error to throw for <paramref name="error"/>, met with the whole body in: by default the body
    /// ended early. A subclass that words its own errors returns <paramref name="error"/> itself.
    /// </summary>
    protected virtual JsonException ErrorAtEnd(JsonException error) => new($"{EndedEarly(BodyLength)} ({error.Message}).", error);

    /// <summary>Reads the next piece; false once the body's structure has ended.</summary>
    /// <exception cref="JsonException">The body is not what the subclass expects, or ends inside it.</exception>
    protected async ValueTask<bool> ReadPieceAsync(CancellationToken cancellationToken)
    {
        if (_stream is null) throw new InvalidOperationException("This reader reads a body in memory: call ReadPiece.");
        while (true)
        {
            var step = Next();
            if (step == Step.Piece) return true;
            if (step == Step.End) return false;
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the next piece of a body in memory; false once the body's structure has ended.</summary>
    /// <inheritdoc cref="ReadPieceAsync"/>
    protected bool ReadPiece()
    {
        if (_stream is not null) throw new InvalidOperationException("This reader reads a stream: call ReadPieceAsync.");
        return Next() == Step.Piece;
    }

    /// <summary>A piece, the end, or (only before the stream has ended) the need for more bytes.</summary>
    private Step Next()
    {
        Step step;
        try
        {
            step = TryRead();
        }
        catch (JsonException e) when (_eof && !IsDone)
        {
            // With the last bytes in, the tokenizer itself reports a body that stops mid-value.
            var error = ErrorAtEnd(e);
            if (ReferenceEquals(error, e)) throw;
            throw error;
        }
        if (step == Step.NeedMore && _eof) throw new JsonException(EndedEarly(BodyLength) + ".");
        return step;
    }

    /// <summary>A tokenizer over the bytes not yet committed, resuming where the last commit left it.</summary>
    protected Utf8JsonReader CreateReader() =>
        new(new ReadOnlySpan<byte>(_buffer, _position, _end - _position), _eof, _state);

    /// <summary>Marks what <paramref name="reader"/> consumed as done: it is never scanned again.</summary>
    protected void Commit(ref Utf8JsonReader reader)
    {
        _position += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    /// <summary>The bytes of the value that starts at <paramref name="tokenStart"/> and ends where <paramref name="reader"/> stands (after TrySkip).</summary>
    protected ReadOnlySpan<byte> ValueSpan(ref Utf8JsonReader reader, int tokenStart) =>
        new(_buffer, _position + tokenStart, (int)reader.BytesConsumed - tokenStart);

    /// <inheritdoc cref="ValueSpan"/>
    protected ReadOnlyMemory<byte> ValueMemory(ref Utf8JsonReader reader, int tokenStart) =>
        new(_buffer, _position + tokenStart, (int)reader.BytesConsumed - tokenStart);

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        int pending = _end - _position;
        if (_position > 0 && (pending == 0 || _end == _buffer.Length || _position > _buffer.Length / 2))
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, pending);
            _committedBefore += _position;
            _position = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) PooledBuffers.Grow(ref _buffer, 0, _end);
        int read = await PooledBuffers.ReadAsync(_stream!, _buffer, _end, cancellationToken).ConfigureAwait(false);
        if (read == 0) _eof = true;
        _end += read;
    }

    public ValueTask DisposeAsync()
    {
        byte[] buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (_pooled && buffer.Length > 0) PooledBuffers.Return(buffer);
        return default;
    }
}
