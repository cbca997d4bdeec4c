using System;

namespace Kube.Client.WorkQueue;

/// <summary>
/// Decides how long an item waits before it is retried (client-go's workqueue RateLimiter). Unlike
/// <see cref="Rest.IRateLimiter"/>, which throttles requests, this one never waits: it answers
/// with a delay that <see cref="RateLimitingQueue{T}.AddRateLimited"/> hands to
/// <see cref="DelayingQueue{T}.AddAfter"/>. Implementations are thread-safe.
/// </summary>
public interface IWorkQueueRateLimiter<in T>
    where T : notnull
{
    /// <summary>Records one more retry of <paramref name="item"/> and returns how long it should wait.</summary>
    TimeSpan When(T item);

    /// <summary>Forgets the retries of <paramref name="item"/>, typically after it was processed successfully.</summary>
    void Forget(T item);

    /// <summary>How many times <paramref name="item"/> has been retried since it was last forgotten.</summary>
    int NumRequeues(T item);
}
