using System;
using Kube.Client.Clock;

namespace Kube.Client.Record;

/// <summary>How an <see cref="EventBroadcaster"/> queues and writes events; client-go's defaults.</summary>
public sealed class EventBroadcasterOptions
{
    /// <summary>Events each watcher (sink, logger, handler) may have waiting; more are dropped, never waited for.</summary>
    public int QueueLength { get; set; } = 1000;

    /// <summary>How many times a sink write is tried before the event is given up.</summary>
    public int MaxTries { get; set; } = 12;

    /// <summary>The pause between tries of a sink write (the first pause is a random part of it, so many writers spread out).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How sinks aggregate and filter events.</summary>
    public EventCorrelatorOptions Correlator { get; set; } = new();

    /// <summary>The time source of event timestamps and retry pauses; the system clock when null.</summary>
    public IClock? Clock { get; set; }

    /// <summary>
    /// Hears what goes wrong out of the caller's sight: an event given up after its tries, one the
    /// server refused, a handler that threw. Called from a watcher's task; must not throw.
    /// </summary>
    public Action<string>? OnError { get; set; }

    internal void Validate()
    {
        if (QueueLength < 1) throw new ArgumentOutOfRangeException(nameof(QueueLength), QueueLength, "must be at least 1");
        if (MaxTries < 1) throw new ArgumentOutOfRangeException(nameof(MaxTries), MaxTries, "must be at least 1");
        if (RetryInterval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryInterval), RetryInterval, "cannot be negative");
        if (Correlator is null) throw new ArgumentNullException(nameof(Correlator));
        Correlator.Validate();
    }
}
