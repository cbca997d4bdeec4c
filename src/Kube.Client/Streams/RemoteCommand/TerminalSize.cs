using System;

namespace Kube.Client.Streams.RemoteCommand;

/// <summary>A terminal's size in character cells, sent on the resize channel of a TTY session.</summary>
public readonly struct TerminalSize : IEquatable<TerminalSize>
{
    public TerminalSize(int width, int height)
    {
        if (width is < 1 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(width), width, "A terminal width is 1 to 65535 columns.");
        if (height is < 1 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(height), height, "A terminal height is 1 to 65535 rows.");
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    public bool Equals(TerminalSize other) => Width == other.Width && Height == other.Height;

    public override bool Equals(object? obj) => obj is TerminalSize other && Equals(other);

    public override int GetHashCode() => (Width * 397) ^ Height;

    public override string ToString() => $"{Width}x{Height}";
}
