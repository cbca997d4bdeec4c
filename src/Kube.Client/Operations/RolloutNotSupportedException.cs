using System;
using Kube.Client.Schema;

namespace Kube.Client.Operations;

/// <summary>A rollout verb was asked of a kind that has no rollout (only Deployments, StatefulSets and DaemonSets have one).</summary>
public sealed class RolloutNotSupportedException : ArgumentException
{
    public RolloutNotSupportedException(GroupKind kind, string verb)
        : base($"cannot {verb} a {kind}: only Deployments, StatefulSets and DaemonSets (apps) have rollouts")
    {
        Kind = kind;
    }

    public GroupKind Kind { get; }
}
