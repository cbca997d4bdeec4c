using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Clock;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;
using Kube.Client.Retry;

namespace Kube.Client.Record;

/// <summary>
/// Fans recorded events out to watchers: the API server (<see cref="StartRecordingToSink"/>), a log
/// (<see cref="StartLogging"/>) or any handler (client-go's tools/record EventBroadcaster). Components
/// record through recorders made by <see cref="NewRecorder"/>.
/// </summary>
/// <remarks>
/// <para>Recording never blocks: each watcher has a queue of <see cref="EventBroadcasterOptions.QueueLength"/>
/// events and its own task; an event that finds a queue full is dropped for that watcher and counted in
/// <see cref="Dropped"/>.</para>
/// <para>A sink watcher runs each event through an <see cref="EventCorrelator"/> of its own, then creates
/// it, or patches the count of the event it repeats (creating it after all when that one is gone). A
/// write that fails on the way (no connection, a timeout) is tried again after
/// <see cref="EventBroadcasterOptions.RetryInterval"/>, up to <see cref="EventBroadcasterOptions.MaxTries"/>
/// times; one the server refuses is not. Events of one watcher are handled one at a time, in order.</para>
/// <para><see cref="ShutdownAsync"/> lets the watchers finish what is queued, for up to a grace period,
/// then stops them.</para>
/// </remarks>
public sealed class EventBroadcaster : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> lets queued events be written.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly EventBroadcasterOptions _options;
    private readonly IClock _clock;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private EventWatcher[] _watchers = Array.Empty<EventWatcher>();
    private long _dropped;
    private bool _shutDown;

    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public EventBroadcaster(EventBroadcasterOptions? options = null)
    {
        _options = options ?? new EventBroadcasterOptions();
        _options.Validate();
        _clock = _options.Clock ?? SystemClock.Instance;
    }

    /// <summary>Events dropped because a watcher's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>A recorder whose events name <paramref name="component"/> (and <paramref name="host"/>) as their source.</summary>
    /// <exception cref="ArgumentException"><paramref name="component"/> is empty.</exception>
    public IEventRecorder NewRecorder(string component, string? host = null)
    {
        if (string.IsNullOrWhiteSpace(component))
            throw new ArgumentException("a recorder needs the name of the component whose events it records, such as 'ingress-controller'", nameof(component));
        return new EventRecorder(this, component, string.IsNullOrEmpty(host) ? null : host, _clock);
    }

    /// <summary>Writes every event to <paramref name="sink"/>, aggregated and spam-filtered. Dispose the result to stop.</summary>
    public IDisposable StartRecordingToSink(IEventSink sink)
    {
        if (sink is null) throw new ArgumentNullException(nameof(sink));
        var options = _options.Correlator;
        var correlator = new EventCorrelator(new EventCorrelatorOptions
        {
            CacheSize = options.CacheSize,
            SpamBurst = options.SpamBurst,
            SpamQps = options.SpamQps,
            MaxSimilarEvents = options.MaxSimilarEvents,
            AggregationInterval = options.AggregationInterval,
            AggregateKey = options.AggregateKey,
            CombinedMessage = options.CombinedMessage,
            Clock = options.Clock ?? _clock,
        });
        return StartEventWatcher((e, ct) => RecordToSinkAsync(sink, correlator, e, ct));
    }

    /// <summary>Writes a line per event to <paramref name="log"/>.</summary>
    public IDisposable StartLogging(Action<string> log)
    {
        if (log is null) throw new ArgumentNullException(nameof(log));
        return StartEventWatcher(e =>
        {
            var o = e.InvolvedObject;
            log($"Event({o?.Kind} {(string.IsNullOrEmpty(o?.Namespace) ? "" : o!.Namespace + "/")}{o?.Name}): type: '{e.Type}' reason: '{e.Reason}' {e.Message}");
        });
    }

    /// <summary>Calls <paramref name="handler"/> with every event, in order, on a task of its own. Dispose the result to stop.</summary>
    public IDisposable StartEventWatcher(Action<Event> handler)
    {
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        return StartEventWatcher((e, _) =>
        {
            handler(e);
            return Task.CompletedTask;
        });
    }

    /// <inheritdoc cref="StartEventWatcher(Action{Event})"/>
    public IDisposable StartEventWatcher(Func<Event, CancellationToken, Task> handler)
    {
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        lock (_gate)
        {
            if (_shutDown) throw new ObjectDisposedException(nameof(EventBroadcaster), "the broadcaster has been shut down");
            var watcher = new EventWatcher(this, handler, _options.QueueLength, _stopping.Token, ReportError);
            _watchers = _watchers.Concat(new[] { watcher }).ToArray();
            return watcher;
        }
    }

    /// <summary>
    /// Stops taking events, lets the watchers write what is queued for up to <paramref name="drainTimeout"/>,
    /// then stops them (a write in progress is cancelled).
    /// </summary>
    public async Task ShutdownAsync(TimeSpan drainTimeout, CancellationToken cancellationToken = default)
    {
        EventWatcher[] watchers;
        lock (_gate)
        {
            _shutDown = true;
            watchers = _watchers;
            _watchers = Array.Empty<EventWatcher>();
        }
        foreach (var watcher in watchers) watcher.Complete();
        var drained = Task.WhenAll(watchers.Select(w => w.Completion));
        try
        {
            if (drainTimeout > TimeSpan.Zero && !drained.IsCompleted)
            {
                using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timer = Task.Delay(drainTimeout, grace.Token);
                await Task.WhenAny(drained, timer).ConfigureAwait(false);
                grace.Cancel();
            }
        }
        finally
        {
            _stopping.Cancel();
            await drained.ConfigureAwait(false);
        }
    }

    /// <summary><see cref="ShutdownAsync"/> with <see cref="DefaultDrainTimeout"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync(DefaultDrainTimeout).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Queues <paramref name="e"/> for every watcher; never waits.</summary>
    internal void Action(Event e)
    {
        foreach (var watcher in Volatile.Read(ref _watchers))
            if (!watcher.TryEnqueue(e)) Interlocked.Increment(ref _dropped);
    }

    internal void Remove(EventWatcher watcher)
    {
        lock (_gate) _watchers = _watchers.Where(w => !ReferenceEquals(w, watcher)).ToArray();
    }

    private async Task RecordToSinkAsync(IEventSink sink, EventCorrelator correlator, Event e, CancellationToken cancellationToken)
    {
        var result = correlator.Correlate(e);
        if (result.Skip) return;
        for (int tries = 1; ; tries++)
        {
            if (await TryWriteAsync(sink, correlator, result, cancellationToken).ConfigureAwait(false)) return;
            if (tries >= _options.MaxTries)
            {
                ReportError($"gave up writing event {Describe(e)} after {tries} tries");
                return;
            }
            // The first pause is random, so many writers that failed together do not retry together.
            var pause = tries == 1 ? TimeSpan.FromTicks((long)(_options.RetryInterval.Ticks * SharedRandom.Value.NextDouble())) : _options.RetryInterval;
            await _clock.DelayAsync(pause, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when done with the event (written, or refused for good); false to try again.</summary>
    private async Task<bool> TryWriteAsync(IEventSink sink, EventCorrelator correlator, EventCorrelateResult result, CancellationToken cancellationToken)
    {
        var e = result.Event!;
        try
        {
            Event written;
            if (result.IsRepeat && result.Patch is not null)
            {
                try
                {
                    written = await sink.PatchAsync(e, result.Patch, cancellationToken).ConfigureAwait(false);
                }
                catch (KubeApiException notFound) when (notFound.IsNotFound)
                {
                    // The event it repeats expired (events live an hour) or was deleted: write it anew.
                    written = await CreateAsync(sink, e, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                written = await CreateAsync(sink, e, cancellationToken).ConfigureAwait(false);
            }
            correlator.UpdateState(written);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (KubeApiException refused)
        {
            // The server answered; asking again would get the same answer. An event that exists already is no loss.
            if (!refused.IsAlreadyExists) ReportError($"the server refused event {Describe(e)}: {refused.Message}");
            return true;
        }
        catch (ArgumentException invalid)
        {
            ReportError($"event {Describe(e)} cannot be written: {invalid.Message}");
            return true;
        }
        catch (Exception failed)
        {
            ReportError($"writing event {Describe(e)} failed ({failed.Message}); will try again");
            return false;
        }
    }

    private static Task<Event> CreateAsync(IEventSink sink, Event e, CancellationToken cancellationToken)
    {
        if (e.Metadata is not null) e.Metadata.ResourceVersion = null;
        return sink.CreateAsync(e, cancellationToken);
    }

    private static string Describe(Event e) =>
        $"{e.Type} {e.Reason} on {e.InvolvedObject?.Kind} {(string.IsNullOrEmpty(e.InvolvedObject?.Namespace) ? "" : e.InvolvedObject!.Namespace + "/")}{e.InvolvedObject?.Name}";

    private void ReportError(string message)
    {
        try
        {
            _options.OnError?.Invoke(message);
        }
        catch (Exception)
        {
            // OnError must not throw; if it does, the watcher goes on regardless.
        }
    }
}
