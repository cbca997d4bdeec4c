using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Upgrade;

/// <summary>
/// The body of an HTTP/1.1 response that did not upgrade: framed by Content-Length, by chunked
/// transfer coding, or running to the close of the connection. Read-only.
/// </summary>
internal sealed class HttpBodyStream : Stream
{
    private enum Framing { Empty, Length, Chunked, ToClose }

    private readonly Stream _inner;
    private readonly Framing _framing;
    private long _remaining;
    private bool _done;

    private HttpBodyStream(Stream inner, Framing framing, long length)
    {
        _inner = inner;
        _framing = framing;
        _remaining = length;
        _done = framing == Framing.Empty || (framing == Framing.Length && length == 0);
    }

    public static Stream For(HttpHead head, Stream connection, HttpMethod method)
    {
        if (method == HttpMethod.Head || head.StatusCode is < 200 or 204 or 304) return new HttpBodyStream(connection, Framing.Empty, 0);
        if (head.Header("Transfer-Encoding") is { } te && te.IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0)
            return new HttpBodyStream(connection, Framing.Chunked, 0);
        if (head.Header("Content-Length") is { } cl)
        {
            if (!long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                throw new HttpRequestException($"The server sent an invalid Content-Length: \"{cl}\"");
            return new HttpBodyStream(connection, Framing.Length, length);
        }
        return new HttpBodyStream(connection, Framing.ToClose, 0);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (_done || count == 0) return 0;
        switch (_framing)
        {
            case Framing.ToClose:
            {
                int n = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                if (n == 0) _done = true;
                return n;
            }
            case Framing.Length:
            {
                int n = await _inner.ReadAsync(buffer, offset, (int)Math.Min(count, _remaining), cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new IOException($"The connection closed with {_remaining} bytes of the response body still to come.");
                _remaining -= n;
                if (_remaining == 0) _done = true;
                return n;
            }
            default:
            {
                if (_remaining == 0)
                {
                    _remaining = await ReadChunkSizeAsync(cancellationToken).ConfigureAwait(false);
                    if (_remaining == 0)
                    {
                        _done = true;
                        return 0;
                    }
                }
                int n = await _inner.ReadAsync(buffer, offset, (int)Math.Min(count, _remaining), cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new IOException("The connection closed in the middle of a chunk of the response body.");
                _remaining -= n;
                if (_remaining == 0) await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                return n;
            }
        }
    }

    private async Task<long> ReadChunkSizeAsync(CancellationToken cancellationToken)
    {
        string line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        int semicolon = line.IndexOf(';');
        string hex = (semicolon >= 0 ? line.Substring(0, semicolon) : line).Trim();
        if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
            throw new IOException($"The server sent an invalid chunk size: \"{hex}\"");
        return size;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            int n = await _inner.ReadAsync(one, 0, 1, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new IOException("The connection closed in the middle of a chunked response body.");
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            if (line.Length > 4096) throw new IOException("A chunk header of the response body is too long.");
            line.Append((char)one[0]);
        }
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
