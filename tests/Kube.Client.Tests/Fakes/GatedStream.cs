using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Tests.Fakes;

/// <summary>
/// Serves its bytes up to <c>gate</c>, then waits for <see cref="Release"/> before serving the rest, as a
/// server that stops sending mid-body does; a read waiting at the gate ends when its token is cancelled.
/// </summary>
public sealed class GatedStream : Stream
{
    private readonly byte[] _data;
    private readonly int _gate;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    public GatedStream(byte[] data, int gate)
    {
        _data = data;
        _gate = gate;
    }

    public bool Released => _released.Task.IsCompleted;

    /// <summary>Completes when a read first waits at the gate.</summary>
    public Task ReachedGate => _reached.Task;

    public void Release() => _released.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= _gate)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
        int limit = _position < _gate ? _gate : _data.Length;
        int n = Math.Min(buffer.Length, limit - _position);
        _data.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
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
