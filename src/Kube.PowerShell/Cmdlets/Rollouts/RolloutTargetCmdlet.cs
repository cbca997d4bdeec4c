using Kube.Client.Mapping;
using Kube.Client.Operations;
using Kube.Client.Schema;
using Kube.PowerShell.Cmdlets.Resources;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Rollouts;

/// <summary>Base of the rollout cmdlets: their objects must be Deployments, StatefulSets or DaemonSets.</summary>
public abstract class RolloutTargetCmdlet : KubeTargetCmdlet
{
    protected override void CheckKind(RestMapping mapping) => RolloutKinds.From(GroupKindOf(mapping), Verb);

    /// <summary>The rollout kind of a target (already checked by <see cref="CheckKind"/>).</summary>
    protected static RolloutKind RolloutKindOf(ResourceTarget target) => RolloutKinds.From(GroupKindOf(target.Mapping));

    private static GroupKind GroupKindOf(RestMapping mapping) => new(mapping.GroupVersionKind.Group, mapping.GroupVersionKind.Kind);
}
