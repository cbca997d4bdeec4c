using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.AutoscalingV1;
using Kube.Client.Operations;
using Kube.PowerShell.Cmdlets.Resources;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Rollouts;

/// <summary>
/// <para type="synopsis">Sets the replica count of objects through their scale subresource (kubectl scale).</para>
/// <para type="description">Works for every kind with a scale subresource: Deployments, ReplicaSets, StatefulSets, ReplicationControllers and custom resources whose CRD enables it.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "KubeScale", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
[OutputType(typeof(Scale))]
public sealed class SetKubeScaleCommand : KubeTargetCmdlet
{
    /// <summary>The desired number of replicas.</summary>
    [Parameter(Mandatory = true, HelpMessage = "The desired number of replicas (0 or more).")]
    [ValidateRange(0, int.MaxValue)]
    public int Replicas { get; set; }

    /// <summary>Scale only when the object has this many replicas now (kubectl scale --current-replicas).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? CurrentReplicas { get; set; }

    /// <summary>Scale only when the object is at this resourceVersion now (kubectl scale --resource-version).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResourceVersion { get; set; }

    /// <summary>The server checks the change and stores nothing.</summary>
    [Parameter]
    public SwitchParameter DryRun { get; set; }

    protected override string Verb => "scale";

    protected override async Task ProcessTargetAsync(KubeConnection connection, ResourceTarget target, object? inputObject, CancellationToken cancellationToken)
    {
        string action = $"Scale to {Replicas} replica(s)" + (CurrentReplicas is int current ? $" if it has {current} now" : "") + (DryRun.IsPresent ? " (server dry run)" : "");
        if (!ShouldProcess(target.Description, action)) return;
        var precondition = CurrentReplicas is null && string.IsNullOrEmpty(ResourceVersion)
            ? null
            : new ScalePrecondition { Replicas = CurrentReplicas, ResourceVersion = ResourceVersion };
        var scaler = new Scaler(connection.Dynamic, connection.Discovery);
        var scale = await scaler.ScaleAsync(target.Mapping.Resource, target.Namespace, target.Name!, Replicas, precondition, DryRun.IsPresent, cancellationToken);
        WriteObject(Objects.ResourceOutput.ToPipeline(scale));
    }
}
