using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Tests.Fakes;

/// <summary>A stream that hands out its content in the given chunk sizes, to test split frames; can end with an error.</summary>
public sealed class ChunkedStream : Stream
{
    private readonly Queue<byte[]> _chunks = new();
    private readonly Exception? _endWith;
    private byte[]? _current;
    private int _offset;

    public ChunkedStream(IEnumerable<byte[]> chunks, Exception? endWith = null)
    {
        foreach (var c in chunks) _chunks.Enqueue(c);
        _endWith = endWith;
    }

    public static ChunkedStream Split(byte[] data, int chunkSize, Exception? endWith = null)
    {
        var list = new List<byte[]>();
        for (int i = 0; i < data.Length; i += chunkSize)
            list.Add(data.AsSpan(i, Math.Min(chunkSize, data.Length - i)).ToArray());
        return new ChunkedStream(list, endWith);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_current is null || _offset == _current.Length)
        {
            if (!_chunks.TryDequeue(out _current)) { if (_endWith is not null) throw _endWith; return 0; }
            _offset = 0;
        }
        int n = Math.Min(count, _current.Length - _offset);
        Array.Copy(_current, _offset, buffer, offset, n);
        _offset += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var tmp = new byte[buffer.Length];
        int n = Read(tmp, 0, tmp.Length);
        tmp.AsSpan(0, n).CopyTo(buffer.Span);
        return new ValueTask<int>(n);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
