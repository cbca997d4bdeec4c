using System;
using System.Collections.Generic;

namespace Kube.Client.WorkQueue;

/// <summary>
/// Retries an item quickly for its first <see cref="MaxFastAttempts"/> attempts, then slowly,
/// until it is forgotten (client-go's ItemFastSlowRateLimiter).
/// </summary>
public sealed class ItemFastSlowRateLimiter<T> : IWorkQueueRateLimiter<T>
    where T : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<T, int> _attempts;

    public ItemFastSlowRateLimiter(TimeSpan fastDelay, TimeSpan slowDelay, int maxFastAttempts, IEqualityComparer<T>? comparer = null)
    {
        if (fastDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(fastDelay), fastDelay, "The fast delay must not be negative.");
        if (slowDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(slowDelay), slowDelay, "The slow delay must not be negative.");
        if (maxFastAttempts < 0)
            throw new ArgumentOutOfRangeException(nameof(maxFastAttempts), maxFastAttempts, "The number of fast attempts must not be negative.");
        FastDelay = fastDelay;
        SlowDelay = slowDelay;
        MaxFastAttempts = maxFastAttempts;
        _attempts = new Dictionary<T, int>(comparer ?? EqualityComparer<T>.Default);
    }

    public TimeSpan FastDelay { get; }

    public TimeSpan SlowDelay { get; }

    public int MaxFastAttempts { get; }

    public TimeSpan When(T item)
    {
        int attempts;
        lock (_gate)
        {
            _attempts.TryGetValue(item, out attempts);
            if (attempts < int.MaxValue) attempts++;
            _attempts[item] = attempts;
        }
        return attempts <= MaxFastAttempts ? FastDelay : SlowDelay;
    }

    public void Forget(T item)
    {
        lock (_gate) _attempts.Remove(item);
    }

    public int NumRequeues(T item)
    {
        lock (_gate) return _attempts.TryGetValue(item, out int n) ? n : 0;
    }
}
