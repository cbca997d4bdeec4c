using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Streams.Copy;

/// <summary>
/// Reads a tar stream member by member as it arrives (ustar, with GNU long names and PAX path,
/// linkpath and size records, as GNU tar and busybox write them). Each member's data is read with
/// <see cref="ReadDataAsync"/> before the next <see cref="NextAsync"/>, which skips what is left.
/// </summary>
internal sealed class TarReader
{
    private const int Block = 512;

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[Block];
    private long _remaining;
    private long _padding;

    public TarReader(Stream stream) => _stream = stream;

    /// <summary>The next member, or null at the end of the archive (two zero blocks, or the end of the stream on a block boundary).</summary>
    public async Task<TarEntry?> NextAsync(CancellationToken cancellationToken)
    {
        await SkipAsync(_remaining + _padding, cancellationToken).ConfigureAwait(false);
        _remaining = _padding = 0;
        string? longName = null, longLink = null;
        long? paxSize = null;
        while (true)
        {
            if (!await ReadBlockAsync(_header, allowEnd: true, cancellationToken).ConfigureAwait(false)) return null;
            if (IsZero(_header))
            {
                // The end marker is two zero blocks; some writers stop after one.
                await ReadBlockAsync(_header, allowEnd: true, cancellationToken).ConfigureAwait(false);
                return null;
            }
            VerifyChecksum();
            char flag = (char)_header[156];
            long size = ReadNumber(124, 12, "size");
            if (flag is 'L' or 'K' or 'x' or 'g')
            {
                if (size > 1 << 20) throw new TarFormatException($"A tar extension record of {size} bytes is too large.");
                var data = new byte[size];
                await ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
                await SkipAsync(Pad(size), cancellationToken).ConfigureAwait(false);
                switch (flag)
                {
                    case 'L': longName = CString(data, 0, data.Length); break;
                    case 'K': longLink = CString(data, 0, data.Length); break;
                    case 'x':
                        foreach (var (key, value) in PaxRecords(data))
                        {
                            if (key == "path") longName = value;
                            else if (key == "linkpath") longLink = value;
                            else if (key == "size" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long s)) paxSize = s;
                        }
                        break;
                }
                continue;
            }

            string name = longName ?? JoinPrefix();
            string link = longLink ?? CString(_header, 157, 100);
            if (paxSize is long ps) size = ps;
            int mode = (int)ReadNumber(100, 8, "mode");
            long mtime = ReadNumber(136, 12, "mtime");
            var type = flag switch
            {
                '0' or '\0' or '7' => TarEntryType.File,
                '5' => TarEntryType.Directory,
                '2' => TarEntryType.SymbolicLink,
                '1' => TarEntryType.HardLink,
                _ => TarEntryType.Other,
            };
            // Old tars mark directories with a trailing slash on a regular member.
            if (type == TarEntryType.File && name.EndsWith("/", StringComparison.Ordinal)) type = TarEntryType.Directory;
            long dataSize = type is TarEntryType.File or TarEntryType.Other ? size : 0;
            _remaining = dataSize;
            _padding = Pad(dataSize);
            DateTimeOffset modified;
            try { modified = DateTimeOffset.FromUnixTimeSeconds(mtime); }
            catch (ArgumentOutOfRangeException) { modified = DateTimeOffset.FromUnixTimeSeconds(0); }
            return new TarEntry(name, type, dataSize, mode & 0xFFF, modified, link.Length == 0 ? null : link, flag);
        }
    }

    /// <summary>Reads the current member's data; 0 at its end.</summary>
    public async Task<int> ReadDataAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (_remaining == 0) return 0;
        int n = await _stream.ReadAsync(buffer, offset, (int)Math.Min(count, _remaining), cancellationToken).ConfigureAwait(false);
        if (n == 0) throw new TarFormatException($"The tar stream ended with {_remaining} bytes of a member still to come.");
        _remaining -= n;
        return n;
    }

    private static long Pad(long size) => (Block - size % Block) % Block;

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        if (count <= 0) return;
        var scratch = new byte[(int)Math.Min(count, 64 * 1024)];
        while (count > 0)
        {
            int n = await _stream.ReadAsync(scratch, 0, (int)Math.Min(count, scratch.Length), cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new TarFormatException("The tar stream ended in the middle of a member.");
            count -= n;
        }
    }

    private async Task<bool> ReadBlockAsync(byte[] block, bool allowEnd, CancellationToken cancellationToken)
    {
        int done = 0;
        while (done < Block)
        {
            int n = await _stream.ReadAsync(block, done, Block - done, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (done == 0 && allowEnd) return false;
                throw new TarFormatException($"The tar stream ended {done} bytes into a 512-byte header.");
            }
            done += n;
        }
        return true;
    }

    private async Task ReadExactlyAsync(byte[] data, CancellationToken cancellationToken)
    {
        int done = 0;
        while (done < data.Length)
        {
            int n = await _stream.ReadAsync(data, done, data.Length - done, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new TarFormatException("The tar stream ended in the middle of an extension record.");
            done += n;
        }
    }

    private static bool IsZero(byte[] block)
    {
        foreach (byte b in block) if (b != 0) return false;
        return true;
    }

    private void VerifyChecksum()
    {
        long stored = ReadNumber(148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < Block; i++) sum += i is >= 148 and < 156 ? ' ' : _header[i];
        if (sum != stored) throw new TarFormatException("A tar header's checksum does not match: the stream is not a tar archive, or is corrupted.");
    }

    private string JoinPrefix()
    {
        string name = CString(_header, 0, 100);
        bool ustar = _header[257] == 'u' && _header[258] == 's' && _header[259] == 't' && _header[260] == 'a' && _header[261] == 'r';
        // GNU's "ustar  " format keeps other fields where ustar has the prefix.
        bool gnu = ustar && _header[262] == ' ';
        if (!ustar || gnu) return name;
        string prefix = CString(_header, 345, 155);
        return prefix.Length == 0 ? name : prefix + "/" + name;
    }

    private long ReadNumber(int offset, int length, string field)
    {
        // GNU base-256: the high bit of the first byte set, then big-endian binary.
        if ((_header[offset] & 0x80) != 0)
        {
            long value = _header[offset] & 0x7F;
            for (int i = 1; i < length; i++) value = (value << 8) | _header[offset + i];
            return value;
        }
        long result = 0;
        bool any = false;
        for (int i = offset; i < offset + length; i++)
        {
            byte b = _header[i];
            if (b == 0 || (b == ' ' && any)) break;
            if (b == ' ') continue;
            if (b is < (byte)'0' or > (byte)'7') throw new TarFormatException($"A tar header's {field} field is not an octal number.");
            result = (result << 3) + (b - '0');
            any = true;
        }
        return result;
    }

    private static string CString(byte[] data, int offset, int length)
    {
        int end = offset;
        while (end < offset + length && data[end] != 0) end++;
        return Encoding.UTF8.GetString(data, offset, end - offset);
    }

    /// <summary>PAX records: "LEN key=value\n", where LEN counts the whole record.</summary>
    private static System.Collections.Generic.IEnumerable<(string Key, string Value)> PaxRecords(byte[] data)
    {
        int position = 0;
        while (position < data.Length)
        {
            int space = Array.IndexOf(data, (byte)' ', position);
            if (space < 0) yield break;
            if (!int.TryParse(Encoding.ASCII.GetString(data, position, space - position), NumberStyles.None, CultureInfo.InvariantCulture, out int length) ||
                length <= 0 || position + length > data.Length)
                throw new TarFormatException("A PAX extended header record is malformed.");
            string record = Encoding.UTF8.GetString(data, space + 1, position + length - space - 1).TrimEnd('\n');
            int equals = record.IndexOf('=');
            if (equals > 0) yield return (record.Substring(0, equals), record.Substring(equals + 1));
            position += length;
        }
    }
}
