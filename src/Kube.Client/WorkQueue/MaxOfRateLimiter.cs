using System;
using System.Collections.Generic;
using System.Linq;

namespace Kube.Client.WorkQueue;

/// <summary>
/// Combines limiters: every one records each retry, and an item waits for the longest of their
/// delays (client-go's MaxOfRateLimiter). <see cref="NumRequeues"/> is the largest count.
/// </summary>
public sealed class MaxOfRateLimiter<T> : IWorkQueueRateLimiter<T>
    where T : notnull
{
    private readonly IWorkQueueRateLimiter<T>[] _limiters;

    public MaxOfRateLimiter(params IWorkQueueRateLimiter<T>[] limiters)
    {
        if (limiters is null) throw new ArgumentNullException(nameof(limiters));
        if (limiters.Length == 0) throw new ArgumentException("At least one rate limiter is required.", nameof(limiters));
        if (limiters.Any(l => l is null)) throw new ArgumentException("The rate limiters must not be null.", nameof(limiters));
        _limiters = (IWorkQueueRateLimiter<T>[])limiters.Clone();
    }

    public IReadOnlyList<IWorkQueueRateLimiter<T>> Limiters => _limiters;

    public TimeSpan When(T item)
    {
        TimeSpan longest = TimeSpan.Zero;
        foreach (var limiter in _limiters)
        {
            TimeSpan delay = limiter.When(item);
            if (delay > longest) longest = delay;
        }
        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in _limiters) limiter.Forget(item);
    }

    public int NumRequeues(T item)
    {
        int most = 0;
        foreach (var limiter in _limiters) most = Math.Max(most, limiter.NumRequeues(item));
        return most;
    }
}
