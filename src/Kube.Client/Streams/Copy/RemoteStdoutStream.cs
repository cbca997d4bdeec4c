using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.RemoteCommand;

namespace Kube.Client.Streams.Copy;

/// <summary>
/// A read-only stream of a remote command's stdout, as it arrives; what it writes to stderr is
/// kept (the last few kilobytes) for messages. It ends when the command's output ends.
/// </summary>
internal sealed class RemoteStdoutStream : Stream
{
    private const int StderrKept = 8 * 1024;

    private readonly IAsyncEnumerator<RemoteCommandOutput> _output;
    private readonly StringBuilder _stderr = new();
    private ReadOnlyMemory<byte> _current;
    private bool _done;

    public RemoteStdoutStream(RemoteCommandSession session, CancellationToken cancellationToken) =>
        _output = session.ReadOutputAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>What the command wrote to stderr so far (its end, when it wrote much).</summary>
    public string Stderr => _stderr.ToString().Trim();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        while (_current.IsEmpty)
        {
            if (_done || !await _output.MoveNextAsync().ConfigureAwait(false))
            {
                _done = true;
                return 0;
            }
            var chunk = _output.Current;
            if (chunk.Stream == RemoteCommandStream.Stdout) _current = chunk.Data;
            else KeepStderr(chunk.Data);
        }
        int n = Math.Min(count, _current.Length);
        _current.Slice(0, n).Span.CopyTo(new Span<byte>(buffer, offset, n));
        _current = _current.Slice(n);
        return n;
    }

    /// <summary>Reads (and drops) whatever output is left, keeping stderr.</summary>
    public async Task DrainAsync()
    {
        var scratch = new byte[16 * 1024];
        while (await ReadAsync(scratch, 0, scratch.Length, CancellationToken.None).ConfigureAwait(false) > 0) { }
    }

    private void KeepStderr(ReadOnlyMemory<byte> data)
    {
        _stderr.Append(Encoding.UTF8.GetString(data.ToArray()));
        if (_stderr.Length > StderrKept) _stderr.Remove(0, _stderr.Length - StderrKept);
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _ = _output.DisposeAsync();
        base.Dispose(disposing);
    }
}
