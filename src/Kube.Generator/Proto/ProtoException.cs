using System;

namespace Kube.Generator.Proto;

/// <summary>A .proto file or a Go source beside it holds something the generator cannot use; the message names the file and line.</summary>
public sealed class ProtoException : Exception
{
    public ProtoException(string message)
        : base(message)
    {
    }

    public ProtoException(string file, int line, string message)
        : base($"{file}:{line}: {message}")
    {
    }
}
