using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.RemoteCommand;

namespace Kube.Client.Streams.Copy;

/// <summary>A write-only stream into a remote command's stdin; wrap it in a BufferedStream for small writes.</summary>
internal sealed class RemoteStdinStream : Stream
{
    private readonly RemoteCommandSession _session;

    public RemoteStdinStream(RemoteCommandSession session) => _session = session;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _session.WriteStdinAsync(new ReadOnlyMemory<byte>(buffer, offset, count), cancellationToken);

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
