using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Operations;
using Kube.PowerShell.Cmdlets.Resources;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Rollouts;

/// <summary>
/// <para type="synopsis">Lists the revisions of Deployments, StatefulSets and DaemonSets with their change-cause (kubectl rollout history).</para>
/// <para type="description">Each revision comes with the ReplicaSet or ControllerRevision that holds it and its pod template.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KubeRolloutHistory", DefaultParameterSetName = ByName)]
[OutputType(typeof(RolloutRevision))]
public sealed class GetKubeRolloutHistoryCommand : RolloutTargetCmdlet
{
    /// <summary>Only this revision (kubectl rollout history --revision).</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long Revision { get; set; }

    protected override string Verb => "list the rollout history of";

    protected override async Task ProcessTargetAsync(KubeConnection connection, ResourceTarget target, object? inputObject, CancellationToken cancellationToken)
    {
        var revisions = await new RolloutHistory(connection.Clientset).ListAsync(RolloutKindOf(target), target.Namespace!, target.Name!, cancellationToken);
        if (Revision > 0)
        {
            var match = revisions.FirstOrDefault(r => r.Revision == Revision);
            if (match is null)
            {
                string kept = revisions.Count == 0 ? "none" : string.Join(", ", revisions.Select(r => r.Revision));
                throw new RolloutException(RolloutFailure.RevisionNotFound, $"revision {Revision} is not in the history of {target.Description} (revisions kept: {kept})");
            }
            WriteObject(match);
            return;
        }
        if (revisions.Count == 0) WriteVerbose($"{target.Description} has no rollout history yet");
        foreach (var revision in revisions) WriteObject(revision);
    }
}
