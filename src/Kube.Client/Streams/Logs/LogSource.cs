using System;

namespace Kube.Client.Streams.Logs;

/// <summary>One container's log to read: namespace, pod and container.</summary>
public readonly struct LogSource : IEquatable<LogSource>
{
    public LogSource(string @namespace, string pod, string container)
    {
        Namespace = @namespace ?? throw new ArgumentNullException(nameof(@namespace));
        Pod = pod ?? throw new ArgumentNullException(nameof(pod));
        Container = container ?? throw new ArgumentNullException(nameof(container));
    }

    public string Namespace { get; }

    public string Pod { get; }

    public string Container { get; }

    public bool Equals(LogSource other) => Namespace == other.Namespace && Pod == other.Pod && Container == other.Container;

    public override bool Equals(object? obj) => obj is LogSource other && Equals(other);

    public override int GetHashCode() => (Namespace, Pod, Container).GetHashCode();

    public override string ToString() => $"{Namespace}/{Pod}/{Container}";
}
