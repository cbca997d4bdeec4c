using System;

namespace Kube.Client.Streams.Logs;

/// <summary>Which part of a container's log to read (the query of <c>pods/log</c>, kubectl logs' flags).</summary>
public sealed class PodLogOptions
{
    /// <summary>The container; null takes the pod's default one (kubectl's rule).</summary>
    public string? Container { get; set; }

    /// <summary>Keep the stream open and yield lines as the container writes them.</summary>
    public bool Follow { get; set; }

    /// <summary>The log of the container's previous run (after a restart).</summary>
    public bool Previous { get; set; }

    /// <summary>Only lines newer than this (relative); not with <see cref="SinceTime"/>.</summary>
    public TimeSpan? Since { get; set; }

    /// <summary>Only lines from this time on; not with <see cref="Since"/>.</summary>
    public DateTimeOffset? SinceTime { get; set; }

    /// <summary>Only the last N lines.</summary>
    public long? TailLines { get; set; }

    /// <summary>Prefix each line with the time the runtime recorded it (RFC 3339 with nanoseconds).</summary>
    public bool Timestamps { get; set; }

    /// <summary>Stop after this many bytes of log.</summary>
    public long? LimitBytes { get; set; }

    public PodLogOptions Clone() => (PodLogOptions)MemberwiseClone();

    /// <exception cref="ArgumentException">Two options that exclude each other, or a value out of range.</exception>
    internal void Validate()
    {
        if (Since is not null && SinceTime is not null) throw new ArgumentException("Since and SinceTime exclude each other: give one.");
        if (Since is TimeSpan since && since <= TimeSpan.Zero) throw new ArgumentException($"Since must be positive (got {since}).");
        if (TailLines is < 0) throw new ArgumentException($"TailLines must be 0 or more (got {TailLines}).");
        if (LimitBytes is < 1) throw new ArgumentException($"LimitBytes must be at least 1 (got {LimitBytes}).");
    }
}
