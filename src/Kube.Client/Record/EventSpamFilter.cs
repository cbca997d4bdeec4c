using System;
using Kube.Client.Clock;
using Kube.Client.Internal;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;

namespace Kube.Client.Record;

/// <summary>
/// Drops events from a source about one object beyond a token bucket of its own (client-go's
/// EventSourceObjectSpamFilter): a burst of <see cref="EventCorrelatorOptions.SpamBurst"/>, then
/// <see cref="EventCorrelatorOptions.SpamQps"/> per second.
/// </summary>
internal sealed class EventSpamFilter
{
    private readonly object _gate = new();
    private readonly LruCache<string, TokenBucketRateLimiter> _buckets;
    private readonly EventCorrelatorOptions _options;
    private readonly IClock _clock;

    public EventSpamFilter(EventCorrelatorOptions options, IClock clock)
    {
        _options = options;
        _clock = clock;
        _buckets = new LruCache<string, TokenBucketRateLimiter>(options.CacheSize, StringComparer.Ordinal);
    }

    /// <summary>True when the event is to be dropped.</summary>
    public bool Filter(Event e)
    {
        string key = EventKeys.Spam(e);
        lock (_gate)
        {
            if (!_buckets.TryGet(key, out var bucket))
                bucket = new TokenBucketRateLimiter(_options.SpamQps, _options.SpamBurst, () => _clock.Elapsed, (delay, ct) => _clock.DelayAsync(delay, ct));
            _buckets.Add(key, bucket);
            return !bucket.TryAcquire();
        }
    }
}
