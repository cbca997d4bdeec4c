using System.Collections.Generic;

namespace Kube.Client.Streams.RemoteCommand;

/// <summary>What to run in a container and which of its streams to connect (kubectl exec's options).</summary>
public sealed class ExecOptions
{
    /// <summary>The command and its arguments, run directly (not through a shell).</summary>
    public IList<string> Command { get; set; } = new List<string>();

    /// <summary>The container; null lets the server pick the pod's only container (or, with several, the default one).</summary>
    public string? Container { get; set; }

    /// <summary>Connect the command's stdin (write it with <see cref="RemoteCommandSession.WriteStdinAsync"/>).</summary>
    public bool Stdin { get; set; }

    public bool Stdout { get; set; } = true;

    /// <summary>Connect stderr; ignored with <see cref="Tty"/>, where the terminal carries both.</summary>
    public bool Stderr { get; set; } = true;

    /// <summary>Give the command a terminal (raw bytes, stderr merged into stdout, resizable).</summary>
    public bool Tty { get; set; }

    /// <summary>The terminal's size to send as soon as the session opens (TTY only).</summary>
    public TerminalSize? TerminalSize { get; set; }
}
