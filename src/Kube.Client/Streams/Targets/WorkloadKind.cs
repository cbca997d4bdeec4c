namespace Kube.Client.Streams.Targets;

/// <summary>The kinds whose pods logs, exec and port-forward can find (kubectl's TYPE in TYPE/NAME).</summary>
public enum WorkloadKind
{
    Pod,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    Job,
    ReplicationController,
    Service,
}
