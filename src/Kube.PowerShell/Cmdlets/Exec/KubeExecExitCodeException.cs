using System;
using System.Collections.Generic;

namespace Kube.PowerShell.Cmdlets.Exec;

/// <summary>The error Invoke-KubeExec writes when the command exits non-zero; <see cref="ExitCode"/> carries the code.</summary>
public sealed class KubeExecExitCodeException : Exception
{
    public KubeExecExitCodeException(string pod, IReadOnlyList<string> command, int exitCode)
        : base($"\"{string.Join(" ", command)}\" in pod {pod} terminated with exit code {exitCode}")
    {
        Pod = pod;
        Command = command;
        ExitCode = exitCode;
    }

    /// <summary>"namespace/name" of the pod.</summary>
    public string Pod { get; }

    public IReadOnlyList<string> Command { get; }

    public int ExitCode { get; }
}
