using System;

namespace Kube.Client.Transport.Exec;

/// <summary>
/// An exec credential plugin could not give a credential: not installed, failed, timed out or
/// answered something that is not an ExecCredential. The message names the command and the
/// kubeconfig entry, and carries the plugin's stderr, never its output (which holds the token).
/// </summary>
public sealed class ExecPluginException : Exception
{
    public ExecPluginException(string message, string command, int? exitCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Command = command;
        ExitCode = exitCode;
    }

    public string Command { get; }

    public int? ExitCode { get; }
}
