using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Operations;
using Kube.PowerShell.Cmdlets.Resources;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Rollouts;

/// <summary>
/// <para type="synopsis">Rolls Deployments, StatefulSets and DaemonSets back to an earlier revision (kubectl rollout undo).</para>
/// <para type="description">Puts back the pod template of the previous revision, or of -ToRevision; the object then rolls out as for any change.</para>
/// </summary>
[Cmdlet(VerbsCommon.Undo, "KubeRollout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
[OutputType(typeof(object))]
public sealed class UndoKubeRolloutCommand : RolloutTargetCmdlet
{
    /// <summary>The revision to go back to (Get-KubeRolloutHistory lists them); the one before the current by default.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long ToRevision { get; set; }

    /// <summary>The server checks the change and stores nothing.</summary>
    [Parameter]
    public SwitchParameter DryRun { get; set; }

    protected override string Verb => "roll back";

    protected override async Task ProcessTargetAsync(KubeConnection connection, ResourceTarget target, object? inputObject, CancellationToken cancellationToken)
    {
        string to = ToRevision > 0 ? $"revision {ToRevision}" : "the previous revision";
        if (!ShouldProcess(target.Description, $"Roll back to {to}" + (DryRun.IsPresent ? " (server dry run)" : ""))) return;
        var result = await new RolloutUndoer(connection.Clientset).UndoAsync(RolloutKindOf(target), target.Namespace!, target.Name!, ToRevision, DryRun.IsPresent, cancellationToken);
        if (result.Skipped) WriteWarning(result.Message);
        else WriteVerbose(result.Message);
        WriteObject(ResourceOutput.ToPipeline(result.Object));
    }
}
