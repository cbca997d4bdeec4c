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
/// <see cref="CreateReader"/>, and commits each token it is done with.
/// </summary>
internal abstract class StreamedJsonReader : IAsyncDisposable
{
    protected const int DefaultInitialSize = 64 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _position;   // first byte not yet consumed by a committed token
    private int _end;        // end of the bytes read
    private bool _eof;
    private JsonReaderState _state;

    protected StreamedJsonReader(Stream stream, int initialSize = DefaultInitialSize)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialSize));
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

    /// <summary>Reads the next piece; false once the body's structure has ended.</summary>
    /// <exception cref="JsonException">The body is not what the subclass expects, or ends inside it.</exception>
    protected async ValueTask<bool> ReadPieceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Step step;
            try
            {
                step = TryRead();
            }
            catch (JsonException e) when (_eof && !IsDone)
            {
                // With the last bytes in, the tokenizer itself reports a body that stops mid-value.
                throw new JsonException($"{EndedEarly(_end)} ({e.Message}).", e);
            }
            if (step == Step.Piece) return true;
            if (step == Step.End) return false;
            if (_eof) throw new JsonException(EndedEarly(_end) + ".");
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
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
            _position = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) PooledBuffers.Grow(ref _buffer, 0, _end);
        int read = await PooledBuffers.ReadAsync(_stream, _buffer, _end, cancellationToken).ConfigureAwait(false);
        if (read == 0) _eof = true;
        _end += read;
    }

    public ValueTask DisposeAsync()
    {
        byte[] buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        return default;
    }
}
