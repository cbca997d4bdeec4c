namespace Kube.Client.Operations;

/// <summary>The two APIs that serve the same Events (one storage, two shapes).</summary>
public enum EventApi
{
    /// <summary>core/v1 Events: involvedObject, message, source, count, first and last timestamps (what kubectl get events reads).</summary>
    CoreV1,

    /// <summary>events.k8s.io/v1 Events: regarding, note, reportingController, series, eventTime.</summary>
    EventsV1,
}
