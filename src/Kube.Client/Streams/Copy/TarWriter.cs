using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Streams.Copy;

/// <summary>
/// Writes a ustar stream member by member (names over 100 bytes in GNU long-name records, which
/// GNU tar and busybox both read), copying each file's data as it is read. Owners are root (0);
/// the archive's exact length can be known up front (<see cref="EntryLength"/>), which a copy
/// over a protocol that cannot close stdin needs.
/// </summary>
internal sealed class TarWriter
{
    private const int Block = 512;
    private const string LongLinkName = "././@LongLink";

    private readonly Stream _stream;
    private readonly byte[] _block = new byte[Block];

    public TarWriter(Stream stream) => _stream = stream;

    /// <summary>Bytes the header(s) and padded data of a member take.</summary>
    public static long EntryLength(string name, string? linkName, long size)
    {
        long length = Block + Padded(size);
        int nameBytes = Encoding.UTF8.GetByteCount(name);
        if (nameBytes > 100) length += Block + Padded(nameBytes + 1);
        if (linkName is not null && Encoding.UTF8.GetByteCount(linkName) is int linkBytes && linkBytes > 100) length += Block + Padded(linkBytes + 1);
        return length;
    }

    /// <summary>Bytes the end-of-archive marker takes.</summary>
    public const long EndLength = 2 * Block;

    public Task WriteDirectoryAsync(string name, int mode, DateTimeOffset modified, CancellationToken cancellationToken) =>
        WriteHeadersAsync(name.EndsWith("/", StringComparison.Ordinal) ? name : name + "/", '5', mode, 0, modified, null, cancellationToken);

    public Task WriteSymbolicLinkAsync(string name, string target, DateTimeOffset modified, CancellationToken cancellationToken) =>
        WriteHeadersAsync(name, '2', 0x1FF, 0, modified, target, cancellationToken);

    /// <summary>Writes a file member of <paramref name="size"/> bytes from <paramref name="content"/>.</summary>
    /// <exception cref="IOException">The content ended before <paramref name="size"/> bytes (the file shrank while it was copied).</exception>
    public async Task WriteFileAsync(string name, int mode, DateTimeOffset modified, long size, Stream content, Action<long>? progress, CancellationToken cancellationToken)
    {
        await WriteHeadersAsync(name, '0', mode, size, modified, null, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0)
        {
            int read = await content.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, left), cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new IOException($"{name} ended {left} bytes short of the {size} bytes it had when the copy started; it changed while it was copied.");
            await _stream.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
            left -= read;
            progress?.Invoke(read);
        }
        await WritePaddingAsync(size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The end-of-archive marker: two zero blocks.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        Array.Clear(_block, 0, Block);
        await _stream.WriteAsync(_block, 0, Block, cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(_block, 0, Block, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteHeadersAsync(string name, char type, int mode, long size, DateTimeOffset modified, string? link, CancellationToken cancellationToken)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[]? linkBytes = link is null ? null : Encoding.UTF8.GetBytes(link);
        if (nameBytes.Length > 100) await WriteLongRecordAsync('L', nameBytes, cancellationToken).ConfigureAwait(false);
        if (linkBytes is { Length: > 100 }) await WriteLongRecordAsync('K', linkBytes, cancellationToken).ConfigureAwait(false);
        FillHeader(Truncate(nameBytes, 100), type, mode, size, modified.ToUnixTimeSeconds(), linkBytes is null ? null : Truncate(linkBytes, 100));
        await _stream.WriteAsync(_block, 0, Block, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteLongRecordAsync(char type, byte[] value, CancellationToken cancellationToken)
    {
        FillHeader(Encoding.ASCII.GetBytes(LongLinkName), type, 0, value.Length + 1, 0, null);
        await _stream.WriteAsync(_block, 0, Block, cancellationToken).ConfigureAwait(false);
        var data = new byte[Padded(value.Length + 1)];
        Buffer.BlockCopy(value, 0, data, 0, value.Length);
        await _stream.WriteAsync(data, 0, data.Length, cancellationToken).ConfigureAwait(false);
    }

    private void FillHeader(byte[] name, char type, int mode, long size, long mtime, byte[]? link)
    {
        Array.Clear(_block, 0, Block);
        Buffer.BlockCopy(name, 0, _block, 0, name.Length);
        Octal(100, 8, mode);
        Octal(108, 8, 0);
        Octal(116, 8, 0);
        if (size < 0x1FFFFFFFF) Octal(124, 12, size);
        else
        {
            // GNU base-256 for sizes of 8 GiB and more.
            _block[124] = 0x80;
            for (int i = 0; i < 8; i++) _block[135 - i] = (byte)(size >> (8 * i));
        }
        Octal(136, 12, Math.Max(0, mtime));
        _block[156] = (byte)type;
        if (link is not null) Buffer.BlockCopy(link, 0, _block, 157, link.Length);
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(_block, 257);
        _block[263] = (byte)'0';
        _block[264] = (byte)'0';
        for (int i = 148; i < 156; i++) _block[i] = (byte)' ';
        long sum = 0;
        foreach (byte b in _block) sum += b;
        string checksum = Convert.ToString(sum, 8).PadLeft(6, '0');
        Encoding.ASCII.GetBytes(checksum).CopyTo(_block, 148);
        _block[154] = 0;
        _block[155] = (byte)' ';
    }

    /// <summary>An octal field: digits, zero-padded, then NUL.</summary>
    private void Octal(int offset, int length, long value)
    {
        string digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        if (digits.Length > length - 1) throw new ArgumentOutOfRangeException(nameof(value), value, "Too large for a tar header field.");
        Encoding.ASCII.GetBytes(digits).CopyTo(_block, offset);
        _block[offset + length - 1] = 0;
    }

    private async Task WritePaddingAsync(long size, CancellationToken cancellationToken)
    {
        int pad = (int)((Block - size % Block) % Block);
        if (pad == 0) return;
        Array.Clear(_block, 0, pad);
        await _stream.WriteAsync(_block, 0, pad, cancellationToken).ConfigureAwait(false);
    }

    private static long Padded(long size) => (size + Block - 1) / Block * Block;

    private static byte[] Truncate(byte[] bytes, int max)
    {
        if (bytes.Length <= max) return bytes;
        var cut = new byte[max];
        Buffer.BlockCopy(bytes, 0, cut, 0, max);
        return cut;
    }
}
