using Kube.Client.Models.MetaV1;

namespace Kube.Client.Streams.RemoteCommand;

/// <summary>How a remote command ended: its exit code (0 for success), from the session's status channel.</summary>
public sealed class RemoteCommandResult
{
    public RemoteCommandResult(int exitCode, Status? status)
    {
        ExitCode = exitCode;
        Status = status;
    }

    public int ExitCode { get; }

    public bool Succeeded => ExitCode == 0;

    /// <summary>The Status the server sent on the error channel.</summary>
    public Status? Status { get; }

    public override string ToString() => Succeeded ? "exit code 0" : $"command terminated with exit code {ExitCode}";
}
