using System;

namespace Kube.Client.Streams.Targets;

/// <summary>
/// A stream (logs, exec, attach, port-forward) needs a pod or container that runs, and this one
/// does not (yet, or any more): the message says what state it is in and why.
/// </summary>
public sealed class PodNotRunningException : Exception
{
    public PodNotRunningException(string @namespace, string pod, string? phase, string message, Exception? inner = null)
        : base(message, inner)
    {
        Namespace = @namespace;
        Pod = pod;
        Phase = phase;
    }

    public string Namespace { get; }

    public string Pod { get; }

    /// <summary>The pod's phase: Pending, Succeeded, Failed, Unknown, or Running when only the container is not.</summary>
    public string? Phase { get; }
}
