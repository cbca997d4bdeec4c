using System;

namespace Kube.Client.Streams.Logs;

/// <summary>One line of a container's log, with where it came from.</summary>
public sealed class LogLine
{
    public LogLine(string @namespace, string pod, string container, string line, string? rawTimestamp, DateTimeOffset? timestamp)
    {
        Namespace = @namespace;
        Pod = pod;
        Container = container;
        Line = line;
        RawTimestamp = rawTimestamp;
        Timestamp = timestamp;
    }

    public string Namespace { get; }

    public string Pod { get; }

    public string Container { get; }

    /// <summary>When the runtime recorded the line; null unless timestamps were asked for.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>The timestamp as the server wrote it (nanosecond precision), or null.</summary>
    public string? RawTimestamp { get; }

    /// <summary>The line's text, without its line break or timestamp.</summary>
    public string Line { get; }

    /// <summary>kubectl logs --prefix's prefix: "[pod/name/container]".</summary>
    public string Prefix => $"[pod/{Pod}/{Container}]";

    public override string ToString() => Line;
}
