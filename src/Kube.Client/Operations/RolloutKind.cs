namespace Kube.Client.Operations;

/// <summary>The kinds that roll out a pod template (apps/v1): what kubectl rollout works on.</summary>
public enum RolloutKind
{
    Deployment,
    StatefulSet,
    DaemonSet,
}
