using System;

namespace Kube.Client.Retry;

/// <summary>
/// Exponential backoff with jitter and a cap (apimachinery's wait.Backoff): the n-th delay is
/// <c>min(Cap, Initial * Factor^n)</c>, stretched by up to <c>Jitter</c> of itself.
/// </summary>
public sealed class Backoff
{
    public Backoff(TimeSpan initial, double factor = 2.0, double jitter = 0.1, TimeSpan? cap = null, int steps = int.MaxValue)
    {
        if (initial < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(initial));
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), "Factor must be at least 1.");
        if (jitter < 0) throw new ArgumentOutOfRangeException(nameof(jitter));
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps));
        Initial = initial;
        Factor = factor;
        Jitter = jitter;
        Cap = cap ?? TimeSpan.MaxValue;
        Steps = steps;
    }

    public TimeSpan Initial { get; }
    public double Factor { get; }
    public double Jitter { get; }
    public TimeSpan Cap { get; }

    /// <summary>How many attempts a retry loop makes before giving up.</summary>
    public int Steps { get; }

    /// <summary>client-go's retry.DefaultRetry: 5 steps, 10 ms, no growth, 10% jitter.</summary>
    public static Backoff DefaultRetry { get; } = new(TimeSpan.FromMilliseconds(10), factor: 1.0, jitter: 0.1, steps: 5);

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based).</summary>
    public TimeSpan Delay(int attempt, Random? random = null)
    {
        double ms = Initial.TotalMilliseconds * Math.Pow(Factor, Math.Max(0, attempt));
        double capMs = Cap.TotalMilliseconds;
        if (ms > capMs) ms = capMs;
        if (Jitter > 0) ms += ms * Jitter * (random ?? SharedRandom.Value).NextDouble();
        if (ms > capMs && Jitter == 0) ms = capMs;
        return TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2));
    }
}
