using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Streams.Text;

/// <summary>
/// Reads UTF-8 lines from a stream as they arrive, through one reused buffer: a line ends at
/// "\n" (a "\r" before it is dropped); the last line may lack it. A line longer than
/// <see cref="Utf8LineSplitter.MaxLineBytes"/> is given out in parts.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    public Utf8LineReader(Stream stream) => _stream = stream;

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        int scanned = 0;
        while (true)
        {
            int newline = new ReadOnlySpan<byte>(_buffer, _start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = scanned + newline;
                string line = Decode(_start, length);
                _start += length + 1;
                return line;
            }
            scanned = _end - _start;
            if (_eof)
            {
                if (scanned == 0) return null;
                string last = Decode(_start, scanned);
                _start = _end;
                return last;
            }
            if (scanned >= Utf8LineSplitter.MaxLineBytes)
            {
                int cut = _start + Utf8LineSplitter.MaxLineBytes;
                int i = cut - 1, back = 0;
                while (i > _start && back < 3 && (_buffer[i] & 0xC0) == 0x80) { i--; back++; }
                if ((_buffer[i] & 0xC0) == 0xC0 && i > _start) cut = i;
                string part = Encoding.UTF8.GetString(_buffer, _start, cut - _start);
                _start = cut;
                return part;
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, Utf8LineSplitter.MaxLineBytes + 64 * 1024));
        int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
        if (read == 0) _eof = true;
        _end += read;
    }

    private string Decode(int start, int length)
    {
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r') length--;
        return length == 0 ? "" : Encoding.UTF8.GetString(_buffer, start, length);
    }

    public void Dispose() => _stream.Dispose();
}
