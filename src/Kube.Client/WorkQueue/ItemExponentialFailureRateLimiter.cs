using System;
using System.Collections.Generic;

namespace Kube.Client.WorkQueue;

/// <summary>
/// Per-item exponential backoff: the n-th retry of an item (counting from 0) waits
/// <c>BaseDelay * 2^n</c>, capped at <see cref="MaxDelay"/>, until the item is forgotten.
/// client-go's default for controllers is 5 ms doubling up to 1000 s.
/// </summary>
public sealed class ItemExponentialFailureRateLimiter<T> : IWorkQueueRateLimiter<T>
    where T : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<T, int> _failures;

    public ItemExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay, IEqualityComparer<T>? comparer = null)
    {
        if (baseDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "The base delay must not be negative.");
        if (maxDelay < baseDelay)
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, $"The maximum delay must be at least the base delay ({baseDelay}).");
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _failures = new Dictionary<T, int>(comparer ?? EqualityComparer<T>.Default);
    }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_gate)
        {
            _failures.TryGetValue(item, out exponent);
            if (exponent < int.MaxValue) _failures[item] = exponent + 1;
        }
        if (BaseDelay == TimeSpan.Zero) return TimeSpan.Zero;
        double ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (_gate) _failures.Remove(item);
    }

    public int NumRequeues(T item)
    {
        lock (_gate) return _failures.TryGetValue(item, out int n) ? n : 0;
    }
}
