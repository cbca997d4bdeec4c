using System;

namespace Kube.Client.Streams.Copy;

/// <summary>A copy to or from a container failed in the container: tar reported an error (a missing path, no permission, no space).</summary>
public sealed class PodCopyException : Exception
{
    public PodCopyException(string message, string? remoteError, int? exitCode, Exception? inner = null) : base(message, inner)
    {
        RemoteError = remoteError;
        ExitCode = exitCode;
    }

    /// <summary>What tar (or the shell) wrote to stderr in the container.</summary>
    public string? RemoteError { get; }

    public int? ExitCode { get; }

    /// <summary>The remote path does not exist (tar said "No such file or directory").</summary>
    public bool IsRemotePathNotFound => RemoteError?.IndexOf("No such file or directory", StringComparison.OrdinalIgnoreCase) >= 0;
}
