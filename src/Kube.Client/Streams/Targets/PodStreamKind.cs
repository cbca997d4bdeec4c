namespace Kube.Client.Streams.Targets;

/// <summary>What a stream asks of a pod; it decides which states can serve it (a completed pod still has a log).</summary>
public enum PodStreamKind
{
    /// <summary>Reading a container's log: a container that ran and stopped still has one.</summary>
    Log,

    /// <summary>Running a command in a container (copy runs tar this way).</summary>
    Exec,

    /// <summary>Attaching to a container's main process.</summary>
    Attach,

    /// <summary>Forwarding ports to the pod: it must be Running.</summary>
    PortForward,
}
