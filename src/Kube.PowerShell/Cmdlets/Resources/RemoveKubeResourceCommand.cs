using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.PowerShell.Parameters;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// <para type="synopsis">Deletes objects of any kind, given as objects, manifests or -Kind and -Name.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "KubeResource", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSetKind)]
public sealed class RemoveKubeResourceCommand : KubeObjectCmdlet
{
    public const string ParameterSetKind = "Kind";
    private const int ProgressId = 0x4b7264;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSetKind, HelpMessage = "The kind or resource name, as kubectl takes it: 'Pod', 'deploy', 'widgets.example.com'.")]
    public string Kind { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParameterSetKind, HelpMessage = "Names of the objects to delete.")]
    public string[] Name { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ParameterSetKind)]
    public string? ApiVersion { get; set; }

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ParameterSetInputObject, HelpMessage = "Objects, YAML or JSON text, or files: typed models, Unstructured objects, or hashtables/PSCustomObjects with apiVersion and kind.")]
    public object? InputObject { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPath, HelpMessage = "Manifest files or folders (*.yaml, *.yml, *.json, read recursively); wildcards are expanded.")]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    [Parameter]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>Foreground, Background or Orphan: how the garbage collector treats the object's dependents.</summary>
    [Parameter]
    [ValidateSet("Foreground", "Background", "Orphan")]
    public string? PropagationPolicy { get; set; }

    /// <summary>The grace period of the deletion in seconds, as kubectl delete --grace-period.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    [Alias("GracePeriod")]
    public long? GracePeriodSeconds { get; set; }

    [Parameter]
    public SwitchParameter DryRun { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    private readonly List<(ResourceTarget Target, string? Uid)> _deleted = new();

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken) =>
        ParameterSetName == ParameterSetKind
            ? ForEachNamedTargetAsync(Kind, ApiVersion, Name, Namespace, cancellationToken)
            : ForEachTargetAsync(InputObject, Path, Namespace, cancellationToken);

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (!Wait.IsPresent || DryRun.IsPresent) return;
        foreach (var (target, uid) in _deleted) await WaitGoneAsync(target, uid, cancellationToken);
    }

    protected override string DescribeChange(ResourceTarget target)
    {
        if (string.IsNullOrEmpty(target.Name) || target.Name!.EndsWith("*", StringComparison.Ordinal))
            throw new ArgumentException($"the {target.Kind} has no metadata.name to delete");
        return Action("Delete" + (PropagationPolicy is null ? "" : $" ({PropagationPolicy} propagation)"), DryRun);
    }

    protected override async Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        // The uid tells the object we deleted from a new one of the same name made meanwhile.
        string? uid = null;
        if (Wait.IsPresent && !DryRun.IsPresent)
        {
            var current = await target.Client.GetAsync(target.Name!, cancellationToken: cancellationToken);
            uid = current.Uid;
        }
        var options = new DeleteOptions
        {
            PropagationPolicy = PropagationPolicy,
            GracePeriodSeconds = GracePeriodSeconds,
            DryRun = DryRun.IsPresent ? new List<string> { "All" } : null,
        };
        await target.Client.DeleteAsync(target.Name!, options, cancellationToken: cancellationToken);
        _deleted.Add((target, uid));
    }

    private async Task WaitGoneAsync(ResourceTarget target, string? uid, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var progress = new ProgressRecord(ProgressId, "Deleting objects", $"Waiting for {target.Description} to be removed");
        try
        {
            while (true)
            {
                try
                {
                    var obj = await target.Client.GetAsync(target.Name!, cancellationToken: cancellationToken);
                    if (uid is not null && obj.Uid != uid) return;
                    var finalizers = obj.Finalizers;
                    progress.StatusDescription = $"{target.Description}: deleting" +
                        (finalizers is { Count: > 0 } ? $", finalizers {string.Join(", ", finalizers)}" : "") + $" ({clock.Elapsed.TotalSeconds:0} s)";
                    WriteProgress(progress);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    return;
                }
                if (clock.Elapsed > Timeout)
                {
                    WriteError(new ErrorRecord(new TimeoutException($"{target.Description} was still present after {Timeout.TotalSeconds:0.###} s."),
                        "WaitTimedOut", ErrorCategory.OperationTimeout, target.Description));
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }
}
