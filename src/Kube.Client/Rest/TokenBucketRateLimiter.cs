using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Rest;

/// <summary>
/// A token bucket: <see cref="Qps"/> tokens per second refill a bucket of <see cref="Burst"/>,
/// which starts full. A caller that finds it empty reserves a future token and sleeps until
/// then, so waiters are served in arrival order; a cancelled wait gives its token back.
/// </summary>
public sealed class TokenBucketRateLimiter : IRateLimiter
{
    private readonly object _gate = new();
    private readonly Func<TimeSpan> _now;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private double _tokens;
    private TimeSpan _last;

    public TokenBucketRateLimiter(float qps, int burst)
        : this(qps, burst, StopwatchClock(), static (d, ct) => Task.Delay(d, ct))
    {
    }

    internal TokenBucketRateLimiter(float qps, int burst, Func<TimeSpan> now, Func<TimeSpan, CancellationToken, Task> delay)
    {
        if (qps <= 0) throw new ArgumentOutOfRangeException(nameof(qps), qps, "QPS must be positive; use no limiter to disable throttling.");
        if (burst < 1) throw new ArgumentOutOfRangeException(nameof(burst), burst, "Burst must be at least 1.");
        Qps = qps;
        Burst = burst;
        _now = now;
        _delay = delay;
        _tokens = burst;
        _last = now();
    }

    public float Qps { get; }
    public int Burst { get; }

    /// <summary>Takes a token without waiting; false when none is available now.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }

    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TimeSpan wait = Reserve();
        return wait == TimeSpan.Zero ? default : new ValueTask(SleepAsync(wait, cancellationToken));
    }

    /// <summary>
    /// Takes a token, or reserves the next one to come, without waiting; returns how long until
    /// the token is due (zero when one was there). The workqueue's bucket limiter uses this.
    /// </summary>
    internal TimeSpan Reserve()
    {
        lock (_gate)
        {
            Refill();
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / Qps);
        }
    }

    private async Task SleepAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await _delay(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate) _tokens = Math.Min(Burst, _tokens + 1);
            throw;
        }
    }

    private void Refill()
    {
        TimeSpan now = _now();
        double elapsed = (now - _last).TotalSeconds;
        _last = now;
        if (elapsed > 0) _tokens = Math.Min(Burst, _tokens + elapsed * Qps);
    }

    private static Func<TimeSpan> StopwatchClock()
    {
        var sw = Stopwatch.StartNew();
        return () => sw.Elapsed;
    }
}
