using System;
using Kube.Client.Clock;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Record;

/// <summary>
/// Decides what becomes of each event before it is written (client-go's EventCorrelator): similar
/// events are aggregated into a combined one, repeats of an event already written become a count
/// update of it, and a source that reports too much about one object is throttled.
/// </summary>
/// <remarks>Thread-safe. It keeps state in memory only, so counting starts over with each correlator.</remarks>
public sealed class EventCorrelator
{
    private readonly EventAggregator _aggregator;
    private readonly EventObservations _observations;
    private readonly EventSpamFilter _spamFilter;

    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public EventCorrelator(EventCorrelatorOptions? options = null)
    {
        options ??= new EventCorrelatorOptions();
        options.Validate();
        var clock = options.Clock ?? SystemClock.Instance;
        _aggregator = new EventAggregator(options, clock);
        _observations = new EventObservations(options.CacheSize);
        _spamFilter = new EventSpamFilter(options, clock);
    }

    /// <summary>What to write for <paramref name="newEvent"/>, which itself is left as it is.</summary>
    public EventCorrelateResult Correlate(Event newEvent)
    {
        if (newEvent is null) throw new ArgumentNullException(nameof(newEvent));
        var (aggregated, key) = _aggregator.Aggregate(newEvent);
        var (observed, patch) = _observations.Observe(aggregated, key);
        if (_spamFilter.Filter(observed)) return new EventCorrelateResult(null, null, skip: true);
        return new EventCorrelateResult(observed, patch, skip: false);
    }

    /// <summary>Records the server's copy of an event written, so its repeats patch it by name.</summary>
    public void UpdateState(Event written)
    {
        if (written is null) throw new ArgumentNullException(nameof(written));
        _observations.Update(written);
    }
}
