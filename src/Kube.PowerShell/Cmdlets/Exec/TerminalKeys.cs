using System;
using System.Text;

namespace Kube.PowerShell.Cmdlets.Exec;

/// <summary>
/// What a terminal sends for a key: the character itself (control characters included, since
/// Ctrl+C is read as input), or the VT sequence of a cursor, editing or function key; Alt prefixes ESC.
/// </summary>
public static class TerminalKeys
{
    /// <summary>The bytes for <paramref name="key"/>; a high surrogate waits in <paramref name="pendingSurrogate"/> for its pair.</summary>
    public static byte[] ToBytes(ConsoleKeyInfo key, ref char pendingSurrogate)
    {
        string? sequence = key.Key switch
        {
            ConsoleKey.UpArrow => "\u001b[A",
            ConsoleKey.DownArrow => "\u001b[B",
            ConsoleKey.RightArrow => "\u001b[C",
            ConsoleKey.LeftArrow => "\u001b[D",
            ConsoleKey.Home => "\u001b[H",
            ConsoleKey.End => "\u001b[F",
            ConsoleKey.Insert => "\u001b[2~",
            ConsoleKey.Delete => "\u001b[3~",
            ConsoleKey.PageUp => "\u001b[5~",
            ConsoleKey.PageDown => "\u001b[6~",
            ConsoleKey.F1 => "\u001bOP",
            ConsoleKey.F2 => "\u001bOQ",
            ConsoleKey.F3 => "\u001bOR",
            ConsoleKey.F4 => "\u001bOS",
            ConsoleKey.F5 => "\u001b[15~",
            ConsoleKey.F6 => "\u001b[17~",
            ConsoleKey.F7 => "\u001b[18~",
            ConsoleKey.F8 => "\u001b[19~",
            ConsoleKey.F9 => "\u001b[20~",
            ConsoleKey.F10 => "\u001b[21~",
            ConsoleKey.F11 => "\u001b[23~",
            ConsoleKey.F12 => "\u001b[24~",
            ConsoleKey.Enter => "\r",
            ConsoleKey.Backspace => "\u007f",
            ConsoleKey.Tab when (key.Modifiers & ConsoleModifiers.Shift) != 0 => "\u001b[Z",
            ConsoleKey.Tab => "\t",
            ConsoleKey.Escape => "\u001b",
            _ => null,
        };
        if (sequence is null)
        {
            char c = key.KeyChar;
            if (c == '\0')
            {
                // Ctrl with a letter where the console did not make the control character itself.
                if ((key.Modifiers & ConsoleModifiers.Control) != 0 && key.Key is >= ConsoleKey.A and <= ConsoleKey.Z)
                    c = (char)(key.Key - ConsoleKey.A + 1);
                else
                    return Array.Empty<byte>();
            }
            if (char.IsHighSurrogate(c))
            {
                pendingSurrogate = c;
                return Array.Empty<byte>();
            }
            if (char.IsLowSurrogate(c) && pendingSurrogate != '\0')
            {
                sequence = new string(new[] { pendingSurrogate, c });
                pendingSurrogate = '\0';
            }
            else
            {
                sequence = c.ToString();
            }
        }
        if ((key.Modifiers & ConsoleModifiers.Alt) != 0 && !sequence.StartsWith("\u001b", StringComparison.Ordinal)) sequence = "\u001b" + sequence;
        return Encoding.UTF8.GetBytes(sequence);
    }
}
