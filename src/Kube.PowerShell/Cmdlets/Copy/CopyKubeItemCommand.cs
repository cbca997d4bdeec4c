using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.Copy;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Cmdlets.Copy;

/// <summary>
/// <para type="synopsis">Copies files and directories into and out of containers, like kubectl cp.</para>
/// <para type="description">One side is a local path, the other [namespace/]pod:path. The copy streams as tar through exec, so the container needs tar.</para>
/// </summary>
[Cmdlet(VerbsCommon.Copy, "KubeItem", SupportsShouldProcess = true)]
[OutputType(typeof(CopyResult))]
public sealed class CopyKubeItemCommand : KubeClusterCmdlet
{
    private const int ProgressId = 0x4b43;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>What to copy: a local path, or [namespace/]pod:path in a container.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "A local path or [namespace/]pod:path.")]
    public string Path { get; set; } = "";

    /// <summary>Where to copy it: [namespace/]pod:path when -Path is local, a local path when -Path is in a container.</summary>
    [Parameter(Mandatory = true, Position = 1, HelpMessage = "A local path or [namespace/]pod:path.")]
    public string Destination { get; set; } = "";

    /// <summary>The pod's namespace when the path does not say; by default the context's.</summary>
    [Parameter]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>The container; by default the pod's default one.</summary>
    [Parameter]
    [Alias("c")]
    public string? Container { get; set; }

    /// <summary>Write what was copied (files, directories, bytes).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        PodFileSpec source, destination;
        try
        {
            source = PodFileSpec.Parse(Path);
            destination = PodFileSpec.Parse(Destination);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidPath", ErrorCategory.InvalidArgument, Path));
            return;
        }
        if (source.IsRemote == destination.IsRemote)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(source.IsRemote
                    ? "Both paths are in containers; one side of a copy must be local."
                    : "Both paths are local; write one side as [namespace/]pod:path. Copy-Item copies local files."),
                "InvalidPath", ErrorCategory.InvalidArgument, Path));
        }
        var remote = source.IsRemote ? source : destination;
        var local = source.IsRemote ? destination : source;
        string localPath = GetUnresolvedProviderPathFromPSPath(local.Path);
        var connection = await GetConnectionAsync(cancellationToken);
        string ns = remote.Namespace ?? (string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace!);
        string remoteText = $"{ns}/{remote.Pod}:{remote.Path}";
        string action = source.IsRemote ? $"Copy to {localPath}" : $"Copy from {localPath}";
        if (!ShouldProcess(source.IsRemote ? localPath : remoteText, source.IsRemote ? $"Copy from {remoteText}" : action)) return;

        var copier = new PodCopier(connection.Rest, ns);
        var warnings = new ConcurrentQueue<string>();
        long bytes = 0;
        var copy = source.IsRemote
            ? copier.CopyFromPodAsync(remote.Pod!, Container, remote.Path, localPath, warnings.Enqueue, n => Interlocked.Exchange(ref bytes, n), cancellationToken)
            : copier.CopyToPodAsync(remote.Pod!, Container, localPath, remote.Path, warnings.Enqueue, n => Interlocked.Exchange(ref bytes, n), cancellationToken);
        var progress = new ProgressRecord(ProgressId, $"Copying {source} to {destination}", "Starting");
        try
        {
            while (true)
            {
                var done = await Task.WhenAny(copy, Task.Delay(ProgressInterval, cancellationToken));
                while (warnings.TryDequeue(out var warning)) WriteWarning(warning);
                if (done == copy || cancellationToken.IsCancellationRequested) break;
                progress.StatusDescription = $"{Interlocked.Read(ref bytes):N0} bytes";
                WriteProgress(progress);
            }
            var result = await copy;
            if (PassThru.IsPresent) WriteObject(result);
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }
}
