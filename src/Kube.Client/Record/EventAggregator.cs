using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Clock;
using Kube.Client.Internal;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Record;

/// <summary>
/// Folds a burst of similar events (same source, object, type and reason; different messages) into
/// one: once <see cref="EventCorrelatorOptions.MaxSimilarEvents"/> distinct messages have been seen
/// under one aggregate key within <see cref="EventCorrelatorOptions.AggregationInterval"/> of each
/// other, each further event becomes the key's combined event, which then only counts up.
/// </summary>
internal sealed class EventAggregator
{
    private readonly object _gate = new();
    private readonly LruCache<string, Record> _cache;
    private readonly EventCorrelatorOptions _options;
    private readonly IClock _clock;

    public EventAggregator(EventCorrelatorOptions options, IClock clock)
    {
        _options = options;
        _clock = clock;
        _cache = new LruCache<string, Record>(options.CacheSize, StringComparer.Ordinal);
    }

    /// <summary>The event to pass on (the given one, or the combined one) and the key its repeats are counted under.</summary>
    public (Event Event, string Key) Aggregate(Event newEvent)
    {
        var now = _clock.UtcNow;
        string identity = EventKeys.Identity(newEvent);
        var (aggregateKey, localKey) = _options.AggregateKey(newEvent);
        lock (_gate)
        {
            if (!_cache.TryGet(aggregateKey, out var record) || now - record.LastSeen > _options.AggregationInterval)
                record = new Record();
            record.LocalKeys.Add(localKey);
            record.LastSeen = now;
            _cache.Add(aggregateKey, record);
            if (record.LocalKeys.Count < _options.MaxSimilarEvents) return (newEvent, identity);

            // Keep the set from growing without end: one message is forgotten for each new one.
            record.LocalKeys.Remove(record.LocalKeys.First());
            var combined = new Event
            {
                Metadata = new ObjectMeta
                {
                    Name = EventNames.For(newEvent.InvolvedObject?.Name, now),
                    Namespace = newEvent.Metadata?.Namespace,
                },
                Count = 1,
                FirstTimestamp = now,
                LastTimestamp = now,
                InvolvedObject = newEvent.InvolvedObject,
                Message = _options.CombinedMessage(newEvent),
                Type = newEvent.Type,
                Reason = newEvent.Reason,
                Source = newEvent.Source,
                ReportingComponent = newEvent.ReportingComponent,
                ReportingInstance = newEvent.ReportingInstance,
            };
            return (combined, aggregateKey);
        }
    }

    private sealed class Record
    {
        public HashSet<string> LocalKeys { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.MinValue;
    }
}
