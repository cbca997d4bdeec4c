using System;
using Kube.Client.Schema;

namespace Kube.Client.Operations;

/// <summary>Maps kinds as the RESTMapper names them to <see cref="RolloutKind"/>, and back to their resources.</summary>
public static class RolloutKinds
{
    public const string Group = "apps";

    /// <summary>True when <paramref name="kind"/> is an apps Deployment, StatefulSet or DaemonSet.</summary>
    public static bool TryFrom(GroupKind kind, out RolloutKind rolloutKind)
    {
        rolloutKind = default;
        if (!string.Equals(kind.Group, Group, StringComparison.Ordinal)) return false;
        switch (kind.Kind)
        {
            case "Deployment": rolloutKind = RolloutKind.Deployment; return true;
            case "StatefulSet": rolloutKind = RolloutKind.StatefulSet; return true;
            case "DaemonSet": rolloutKind = RolloutKind.DaemonSet; return true;
            default: return false;
        }
    }

    /// <exception cref="RolloutNotSupportedException">The kind does not roll out a pod template.</exception>
    public static RolloutKind From(GroupKind kind, string verb = "roll out") =>
        TryFrom(kind, out var result) ? result : throw new RolloutNotSupportedException(kind, verb);

    public static GroupKind GroupKind(this RolloutKind kind) => new(Group, kind.ToString());

    /// <summary>The apps/v1 resource of the kind ("deployments").</summary>
    public static GroupVersionResource Resource(this RolloutKind kind) => kind switch
    {
        RolloutKind.Deployment => new GroupVersionResource(Group, "v1", "deployments"),
        RolloutKind.StatefulSet => new GroupVersionResource(Group, "v1", "statefulsets"),
        RolloutKind.DaemonSet => new GroupVersionResource(Group, "v1", "daemonsets"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
