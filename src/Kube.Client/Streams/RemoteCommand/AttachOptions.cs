namespace Kube.Client.Streams.RemoteCommand;

/// <summary>Which streams of a container's main process to attach to (kubectl attach's options).</summary>
public sealed class AttachOptions
{
    /// <summary>The container; null lets the server pick the pod's only container (or, with several, the default one).</summary>
    public string? Container { get; set; }

    /// <summary>Connect stdin; the container must have been created with stdin open.</summary>
    public bool Stdin { get; set; }

    public bool Stdout { get; set; } = true;

    /// <summary>Connect stderr; ignored with <see cref="Tty"/>.</summary>
    public bool Stderr { get; set; } = true;

    /// <summary>The container runs with a terminal (its spec says tty: true).</summary>
    public bool Tty { get; set; }

    public TerminalSize? TerminalSize { get; set; }
}
