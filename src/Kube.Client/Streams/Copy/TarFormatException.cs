using System;

namespace Kube.Client.Streams.Copy;

/// <summary>The archive read from a container is not a tar stream we can read (cut short, corrupted).</summary>
public sealed class TarFormatException : Exception
{
    public TarFormatException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
