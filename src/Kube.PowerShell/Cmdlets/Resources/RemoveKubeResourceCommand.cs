using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Operations;
using Kube.Client.Wait;
using Kube.PowerShell.Parameters;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// <para type="synopsis">Deletes objects of any kind, given as objects, manifests or -Kind and -Name.</para>
/// </summary>
/// <remarks>
/// Longer than most: three parameter sets and the delete options (propagation, grace period, dry run,
/// -Wait with -Timeout); each delete is ResourceDeleter.DeleteAsync in the shared per-target loop, and
/// -Wait waits for all at the end through ObjectWait.
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "KubeResource", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSetKind)]
public sealed class RemoveKubeResourceCommand : KubeObjectCmdlet
{
    public const string ParameterSetKind = "Kind";

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

    private readonly List<(ResourceTarget Target, DeletedObject Deleted)> _deleted = new();

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken) =>
        ParameterSetName == ParameterSetKind
            ? ForEachNamedTargetAsync(Kind, ApiVersion, Name, Namespace, cancellationToken)
            : ForEachTargetAsync(InputObject, Path, Namespace, cancellationToken);

    /// <summary>-Wait: each object deleted is waited for once all are deleted, as kubectl delete --wait does.</summary>
    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (!Wait.IsPresent || DryRun.IsPresent || _deleted.Count == 0) return;
        var connection = await GetConnectionAsync(cancellationToken);
        foreach (var (target, deleted) in _deleted)
            await ObjectWait.WaitAsync(this, connection, target.Mapping, deleted.Namespace, deleted.Name, target.Description, WaitCondition.DeletedObject(deleted.Uid), Timeout, cancellationToken);
    }

    protected override string DescribeChange(ResourceTarget target)
    {
        if (string.IsNullOrEmpty(target.Name) || target.Name!.EndsWith("*", StringComparison.Ordinal))
            throw new ArgumentException($"the {target.Kind} has no metadata.name to delete");
        return Action("Delete" + (PropagationPolicy is null ? "" : $" ({PropagationPolicy} propagation)"), DryRun);
    }

    protected override async Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        var options = ResourceDeleter.Options(PropagationPolicy, GracePeriodSeconds, DryRun.IsPresent);
        // With -Wait the uid is read first: it tells the object deleted from a new one of the same name made meanwhile.
        var deleted = await ResourceDeleter.DeleteAsync(target.Client, target.Name!, options, readUid: Wait.IsPresent, cancellationToken);
        _deleted.Add((target, deleted));
    }
}
