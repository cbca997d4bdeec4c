using System;
using System.Collections.Generic;
using Kube.Client.Clock;

namespace Kube.Client.WorkQueue;

/// <summary>
/// A <see cref="DelayingQueue{T}"/> that retries through a rate limiter (client-go's rate-limiting
/// queue): a worker whose item failed calls <see cref="AddRateLimited"/>, and one whose item
/// succeeded calls <see cref="Forget"/> so that its backoff starts over. A typical worker:
/// <code>
/// while (true)
/// {
///     var (key, shutdown) = await queue.GetAsync(ct);
///     if (shutdown) break;
///     try
///     {
///         await ReconcileAsync(key, ct);
///         queue.Forget(key);
///     }
///     catch (Exception) when (queue.NumRequeues(key) &lt; maxRetries)
///     {
///         queue.AddRateLimited(key);
///     }
///     finally
///     {
///         queue.Done(key);
///     }
/// }
/// </code>
/// </summary>
public sealed class RateLimitingQueue<T> : DelayingQueue<T>
    where T : notnull
{
    /// <param name="rateLimiter">The retry policy; <see cref="WorkQueueRateLimiters.DefaultController{T}"/> when null.</param>
    /// <param name="clock">The time source of the delays; <see cref="SystemClock"/> when null.</param>
    /// <param name="comparer">How items are told apart.</param>
    public RateLimitingQueue(IWorkQueueRateLimiter<T>? rateLimiter = null, IClock? clock = null, IEqualityComparer<T>? comparer = null)
        : base(clock, comparer)
    {
        RateLimiter = rateLimiter ?? WorkQueueRateLimiters.DefaultController(Clock, Comparer);
    }

    public IWorkQueueRateLimiter<T> RateLimiter { get; }

    /// <summary>Adds <paramref name="item"/> after the delay the rate limiter gives it, counting one more retry.</summary>
    public void AddRateLimited(T item)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        if (ShuttingDown) return;
        AddAfter(item, RateLimiter.When(item));
    }

    /// <summary>Forgets the retries of <paramref name="item"/>; it stays queued if it is.</summary>
    public void Forget(T item)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        RateLimiter.Forget(item);
    }

    /// <summary>How many times <paramref name="item"/> has been retried since it was last forgotten.</summary>
    public int NumRequeues(T item)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        return RateLimiter.NumRequeues(item);
    }
}
