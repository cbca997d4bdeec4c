using System;
using System.Collections.Generic;
using System.Text;

namespace Kube.Client.Streams.Text;

/// <summary>
/// Cuts bytes pushed in pieces into UTF-8 lines: a line ends at "\n" (a "\r" before it is
/// dropped), and a piece may end in the middle of a line or of a character. A line longer than
/// <see cref="MaxLineBytes"/> is given out in parts of that size rather than held whole.
/// </summary>
internal sealed class Utf8LineSplitter
{
    public const int MaxLineBytes = 4 * 1024 * 1024;

    private byte[] _pending = new byte[256];
    private int _count;

    /// <summary>Adds <paramref name="data"/> and appends every line it completes to <paramref name="lines"/>.</summary>
    public void Append(ReadOnlySpan<byte> data, List<string> lines)
    {
        while (!data.IsEmpty)
        {
            int newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Buffer(data, lines);
                return;
            }
            if (_count == 0)
            {
                lines.Add(Decode(data.Slice(0, newline)));
            }
            else
            {
                Buffer(data.Slice(0, newline), lines);
                lines.Add(Decode(new ReadOnlySpan<byte>(_pending, 0, _count)));
                _count = 0;
            }
            data = data.Slice(newline + 1);
        }
    }

    /// <summary>The unfinished last line, if any, and forgets it.</summary>
    public string? Flush()
    {
        if (_count == 0) return null;
        string line = Decode(new ReadOnlySpan<byte>(_pending, 0, _count));
        _count = 0;
        return line;
    }

    private void Buffer(ReadOnlySpan<byte> data, List<string> lines)
    {
        while (_count + data.Length > MaxLineBytes)
        {
            int room = MaxLineBytes - _count;
            Grow(MaxLineBytes);
            data.Slice(0, room).CopyTo(new Span<byte>(_pending, _count, room));
            _count = MaxLineBytes;
            // Cut before a partial UTF-8 character so that each part decodes on its own.
            int cut = _count, i = _count - 1, back = 0;
            while (i > 0 && back < 3 && (_pending[i] & 0xC0) == 0x80) { i--; back++; }
            if ((_pending[i] & 0xC0) == 0xC0 && i > 0) cut = i;
            lines.Add(Encoding.UTF8.GetString(_pending, 0, cut));
            int rest = _count - cut;
            System.Buffer.BlockCopy(_pending, cut, _pending, 0, rest);
            _count = rest;
            data = data.Slice(room);
        }
        Grow(_count + data.Length);
        data.CopyTo(new Span<byte>(_pending, _count, data.Length));
        _count += data.Length;
    }

    private void Grow(int size)
    {
        if (size <= _pending.Length) return;
        int next = Math.Max(size, Math.Min(MaxLineBytes, _pending.Length * 2));
        Array.Resize(ref _pending, next);
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[line.Length - 1] == (byte)'\r') line = line.Slice(0, line.Length - 1);
        if (line.IsEmpty) return "";
#if NET8_0_OR_GREATER
        return Encoding.UTF8.GetString(line);
#else
        return Encoding.UTF8.GetString(line.ToArray());
#endif
    }
}
