using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Apply;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.PowerShell.Cmdlets.Resources;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Apply;

/// <summary>
/// <para type="synopsis">Server-side apply of objects from manifests (files, folders, multi-document YAML) or the pipeline.</para>
/// </summary>
/// <remarks>
/// Longer than most: six parameters, a progress bar over -Path's objects, and the ApplyConflict record
/// that names the other field managers and how to resolve the conflict; the apply itself is one call
/// (ResourceApplier.ApplyAsync) in the shared per-target loop.
/// </remarks>
[Cmdlet(VerbsLifecycle.Invoke, "KubeApply", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ParameterSetPath)]
[OutputType(typeof(KubeApplyResult))]
public sealed class InvokeKubeApplyCommand : KubeObjectCmdlet
{
    public const string ApplyConflict = nameof(ApplyConflict);
    public const string DefaultFieldManager = "kube-powershell";
    private const int ProgressId = 0x4b6170;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSetPath, HelpMessage = "Manifest files or folders (*.yaml, *.yml, *.json, read recursively); wildcards are expanded.")]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ParameterSetInputObject, HelpMessage = "Objects, YAML or JSON text, or files: typed models, Unstructured objects, or hashtables/PSCustomObjects with apiVersion and kind.")]
    public object? InputObject { get; set; }

    [Parameter]
    [Alias("ns")]
    public string? Namespace { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string FieldManager { get; set; } = DefaultFieldManager;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter DryRun { get; set; }

    private int _applied;
    private bool _progressShown;

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken) =>
        ForEachTargetAsync(InputObject, Path, Namespace, cancellationToken);

    protected override Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (_progressShown)
            WriteProgress(new ProgressRecord(ProgressId, "Applying", "Done") { RecordType = ProgressRecordType.Completed });
        return Task.CompletedTask;
    }

    protected override string DescribeChange(ResourceTarget target) => Action("Apply", DryRun);

    protected override async Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        var obj = input!.Object!;
        // Objects read back from the server carry managedFields, which an apply may not send.
        if (obj.RemoveNestedField("metadata", "managedFields"))
            WriteVerbose($"{target.Description}: metadata.managedFields left out of the apply (the server refuses them; ownership is the field manager's)");
        var options = new ApplyOptions(FieldManager, Force.IsPresent) { DryRun = DryRun.IsPresent };
        var result = await ResourceApplier.ApplyAsync(target.Client, obj, options, cancellationToken);
        var stored = result.Object;
        WriteObject(new KubeApplyResult(target.Kind, stored.Name ?? target.Name ?? "", target.Namespace, result.Action, ResourceOutput.For(stored), DryRun.IsPresent, input.Location));
    }

    protected override ErrorRecord FailureRecord(Exception error, ResourceTarget target, ObjectInput? input) =>
        error is KubeApiException conflict && ApplyConflicts.IsApplyConflict(conflict)
            ? ConflictRecord(conflict, input!, target)
            : base.FailureRecord(error, target, input);

    /// <summary>Progress from the second object on (one object needs no bar), with the position among -Path's objects.</summary>
    protected override void OnTarget(ResourceTarget target, int index, int count)
    {
        _applied++;
        if (!_progressShown && count < 2 && _applied < 2) return;
        _progressShown = true;
        var record = new ProgressRecord(ProgressId, "Applying", target.Description);
        if (count > 1)
        {
            record.PercentComplete = (int)(100L * index / count);
            record.StatusDescription = $"{target.Description} ({index + 1} of {count})";
        }
        WriteProgress(record);
    }

    private ErrorRecord ConflictRecord(KubeApiException e, ObjectInput input, ResourceTarget target)
    {
        var conflicts = ApplyConflicts.From(e);
        var managers = ApplyConflicts.Managers(conflicts);
        string names = string.Join(", ", managers.Select(m => $"\"{m}\""));
        string location = input.Location is null ? "" : $" ({input.Location})";
        string message = $"Apply of {target.Description}{location} as field manager \"{FieldManager}\" conflicts with {names}: {ApplyConflicts.Describe(conflicts)}";
        var record = new ErrorRecord(e, ApplyConflict, ErrorCategory.ResourceBusy, input.Object)
        {
            ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction = $"Run again with -Force to take ownership of these fields from {names}, remove the fields from the manifest to leave them to their owner, or apply as that manager with -FieldManager.",
            },
        };
        return record;
    }
}
