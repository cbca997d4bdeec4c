using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Retry;

/// <summary>
/// Exponential backoff for a loop that keeps retrying (apimachinery's exponentialBackoffManager, as
/// reflectors use it): each delay doubles from <see cref="Initial"/> up to <see cref="Cap"/>, with
/// jitter that lengthens a delay by up to <see cref="Jitter"/> of itself without passing the cap.
/// After <see cref="ResetAfter"/> without a backoff, it starts from <see cref="Initial"/> again, so
/// one failure after a long quiet spell waits little. Thread-safe.
/// </summary>
public sealed class BackoffManager
{
    private readonly object _lock = new();
    private readonly Func<DateTimeOffset> _now;
    private readonly Random? _random;
    private int _attempt;
    private DateTimeOffset _lastBackoff = DateTimeOffset.MinValue;

    /// <param name="clock">Where the time comes from (tests pass a fake one); the system clock by default.</param>
    public BackoffManager(TimeSpan initial, TimeSpan cap, TimeSpan resetAfter, double jitter = 1.0, Func<DateTimeOffset>? clock = null, Random? random = null)
    {
        if (initial < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(initial), initial, "the first delay cannot be negative");
        if (cap < initial) throw new ArgumentOutOfRangeException(nameof(cap), cap, $"the cap cannot be shorter than the first delay ({initial})");
        if (resetAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(resetAfter), resetAfter, "cannot be negative");
        if (jitter < 0) throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "cannot be negative");
        Initial = initial;
        Cap = cap;
        ResetAfter = resetAfter;
        Jitter = jitter;
        _now = clock ?? (() => DateTimeOffset.UtcNow);
        _random = random;
    }

    /// <summary>client-go's reflector backoff: 800 ms doubling to 30 s, full jitter, reset after 2 minutes of quiet.</summary>
    public static BackoffManager ForReflector() =>
        new(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));

    public TimeSpan Initial { get; }
    public TimeSpan Cap { get; }
    public TimeSpan ResetAfter { get; }
    public double Jitter { get; }

    /// <summary>The delay to wait now; each call counts as one more backoff.</summary>
    public TimeSpan NextDelay()
    {
        double ms;
        lock (_lock)
        {
            var now = _now();
            if (_lastBackoff == DateTimeOffset.MinValue || now - _lastBackoff > ResetAfter) _attempt = 0;
            _lastBackoff = now;
            ms = Initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 62));
            if (ms < Cap.TotalMilliseconds) _attempt++;
            if (Jitter > 0) ms += ms * Jitter * (_random ?? SharedRandom.Value).NextDouble();
        }
        return TimeSpan.FromMilliseconds(Math.Min(ms, Cap.TotalMilliseconds));
    }

    /// <summary>Waits <see cref="NextDelay"/>.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(NextDelay(), cancellationToken);
}
