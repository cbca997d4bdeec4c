using System;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Streams.RemoteCommand;

/// <summary>
/// A remote command could not run or did not finish: the runtime refused it (for example the
/// executable is not in the image), or the session failed before an exit status arrived. A
/// command that ran and exited non-zero is not an exception: see <see cref="RemoteCommandResult"/>.
/// </summary>
public sealed class RemoteCommandException : Exception
{
    public RemoteCommandException(string message, Status? status = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
    }

    /// <summary>The Status the server sent on the error channel, when it sent one.</summary>
    public Status? Status { get; }

    /// <summary>The runtime could not find or start the executable (not in the image, not executable).</summary>
    public bool IsCommandNotFound =>
        Status?.Message is { } m &&
        (m.IndexOf("executable file not found", StringComparison.OrdinalIgnoreCase) >= 0 ||
         m.IndexOf("no such file or directory", StringComparison.OrdinalIgnoreCase) >= 0 ||
         m.IndexOf("permission denied", StringComparison.OrdinalIgnoreCase) >= 0 && m.IndexOf("exec", StringComparison.OrdinalIgnoreCase) >= 0);
}
