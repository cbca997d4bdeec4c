using System;
using System.Management.Automation;
using Kube.Client.Streams.Copy;
using Kube.Client.Streams.PortForward;
using Kube.Client.Streams.RemoteCommand;
using Kube.Client.Streams.Targets;

namespace Kube.PowerShell.Errors;

/// <summary>Error records for the failures of logs, exec, port-forward and copy, with ids scripts can match.</summary>
public static class StreamErrorRecords
{
    public const string ContainerNotFound = nameof(ContainerNotFound);
    public const string PodNotRunning = nameof(PodNotRunning);
    public const string CommandNotFound = nameof(CommandNotFound);
    public const string RemoteCommandFailed = nameof(RemoteCommandFailed);
    public const string NonZeroExitCode = nameof(NonZeroExitCode);
    public const string LocalPortInUse = nameof(LocalPortInUse);
    public const string RemotePathNotFound = nameof(RemotePathNotFound);
    public const string CopyFailed = nameof(CopyFailed);
    public const string InvalidArchive = nameof(InvalidArchive);
    public const string PortForwardFailed = nameof(PortForwardFailed);

    /// <summary>The record for a stream failure, or null when <paramref name="error"/> is not one.</summary>
    public static ErrorRecord? TryCreate(Exception error, object? target) => error switch
    {
        ContainerNotFoundException e => new ErrorRecord(e, ContainerNotFound, ErrorCategory.ObjectNotFound, target ?? $"{e.Namespace}/{e.Pod}"),
        PodNotRunningException e => new ErrorRecord(e, PodNotRunning, ErrorCategory.ResourceUnavailable, target ?? $"{e.Namespace}/{e.Pod}"),
        RemoteCommandException { IsCommandNotFound: true } e => new ErrorRecord(e, CommandNotFound, ErrorCategory.ObjectNotFound, target),
        RemoteCommandException e => new ErrorRecord(e, RemoteCommandFailed, ErrorCategory.ConnectionError, target),
        LocalPortInUseException e => new ErrorRecord(e, LocalPortInUse, ErrorCategory.ResourceBusy, target ?? e.Port),
        PodCopyException { IsRemotePathNotFound: true } e => new ErrorRecord(e, RemotePathNotFound, ErrorCategory.ObjectNotFound, target),
        PodCopyException e => new ErrorRecord(e, CopyFailed, ErrorCategory.WriteError, target),
        TarFormatException e => new ErrorRecord(e, InvalidArchive, ErrorCategory.InvalidData, target),
        _ => null,
    };
}
