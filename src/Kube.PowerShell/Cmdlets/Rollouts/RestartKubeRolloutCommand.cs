using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Operations;
using Kube.PowerShell.Cmdlets.Resources;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Rollouts;

/// <summary>
/// <para type="synopsis">Restarts the rollout of Deployments, StatefulSets and DaemonSets (kubectl rollout restart).</para>
/// <para type="description">Stamps the pod template with the kubectl.kubernetes.io/restartedAt annotation, so the controller replaces every pod.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "KubeRollout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
[OutputType(typeof(object))]
public sealed class RestartKubeRolloutCommand : RolloutTargetCmdlet
{
    /// <summary>The server checks the change and stores nothing.</summary>
    [Parameter]
    public SwitchParameter DryRun { get; set; }

    protected override string Verb => "restart";

    protected override async Task ProcessTargetAsync(KubeConnection connection, ResourceTarget target, object? inputObject, CancellationToken cancellationToken)
    {
        if (!ShouldProcess(target.Description, DryRun.IsPresent ? "Restart the rollout (server dry run)" : "Restart the rollout")) return;
        var restarted = await new RolloutRestarter(connection.Clientset).RestartAsync(RolloutKindOf(target), target.Namespace!, target.Name!, DryRun.IsPresent, cancellationToken);
        WriteObject(ResourceOutput.ToPipeline(restarted));
    }
}
