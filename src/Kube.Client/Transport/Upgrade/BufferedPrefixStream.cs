using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Upgrade;

/// <summary>
/// A duplex stream that first returns bytes already read from <c>inner</c> (what arrived behind a
/// response head), then reads on from it; writes go straight to it.
/// </summary>
internal sealed class BufferedPrefixStream : Stream
{
    private readonly Stream _inner;
    private byte[] _prefix;
    private int _offset;

    public BufferedPrefixStream(byte[] prefix, Stream inner)
    {
        _prefix = prefix;
        _inner = inner;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => _inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (TakePrefix(buffer, offset, count) is int n and > 0) return n;
        return _inner.Read(buffer, offset, count);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (TakePrefix(buffer, offset, count) is int n and > 0) return Task.FromResult(n);
        return _inner.ReadAsync(buffer, offset, count, cancellationToken);
    }

#if NET8_0_OR_GREATER
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int available = _prefix.Length - _offset;
        if (available > 0 && buffer.Length > 0)
        {
            int n = Math.Min(available, buffer.Length);
            _prefix.AsSpan(_offset, n).CopyTo(buffer.Span);
            Advance(n);
            return new ValueTask<int>(n);
        }
        return _inner.ReadAsync(buffer, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);
#endif

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    private int TakePrefix(byte[] buffer, int offset, int count)
    {
        int available = _prefix.Length - _offset;
        if (available <= 0 || count <= 0) return 0;
        int n = Math.Min(available, count);
        Buffer.BlockCopy(_prefix, _offset, buffer, offset, n);
        Advance(n);
        return n;
    }

    private void Advance(int n)
    {
        _offset += n;
        if (_offset == _prefix.Length)
        {
            _prefix = Array.Empty<byte>();
            _offset = 0;
        }
    }
}
