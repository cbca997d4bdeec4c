using System;
using Kube.Client.Clock;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Record;

/// <summary>How an <see cref="EventCorrelator"/> aggregates and filters; client-go's defaults.</summary>
public sealed class EventCorrelatorOptions
{
    /// <summary>How many keys each of its caches remembers (least recently used forgotten first).</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>Events per source and object let through at once before the spam filter's rate applies.</summary>
    public int SpamBurst { get; set; } = 25;

    /// <summary>Events per second per source and object the spam filter lets through after the burst (one per 5 minutes).</summary>
    public float SpamQps { get; set; } = 1f / 300f;

    /// <summary>How many distinct messages under one aggregate key make the next one a combined event.</summary>
    public int MaxSimilarEvents { get; set; } = 10;

    /// <summary>How long a quiet aggregate key is remembered.</summary>
    public TimeSpan AggregationInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Groups events for aggregation; <see cref="EventKeys.ByReason"/> by default.</summary>
    public Func<Event, (string AggregateKey, string LocalKey)> AggregateKey { get; set; } = EventKeys.ByReason;

    /// <summary>The message of a combined event; <see cref="EventKeys.CombinedMessage"/> by default.</summary>
    public Func<Event, string> CombinedMessage { get; set; } = EventKeys.CombinedMessage;

    /// <summary>The time source; the system clock when null.</summary>
    public IClock? Clock { get; set; }

    internal void Validate()
    {
        if (CacheSize < 1) throw new ArgumentOutOfRangeException(nameof(CacheSize), CacheSize, "must be at least 1");
        if (SpamBurst < 1) throw new ArgumentOutOfRangeException(nameof(SpamBurst), SpamBurst, "must be at least 1");
        if (SpamQps <= 0) throw new ArgumentOutOfRangeException(nameof(SpamQps), SpamQps, "must be positive");
        if (MaxSimilarEvents < 1) throw new ArgumentOutOfRangeException(nameof(MaxSimilarEvents), MaxSimilarEvents, "must be at least 1");
        if (AggregationInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AggregationInterval), AggregationInterval, "must be positive");
        if (AggregateKey is null) throw new ArgumentNullException(nameof(AggregateKey));
        if (CombinedMessage is null) throw new ArgumentNullException(nameof(CombinedMessage));
    }
}
