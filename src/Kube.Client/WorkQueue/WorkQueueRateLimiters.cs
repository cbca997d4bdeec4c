using System;
using System.Collections.Generic;
using Kube.Client.Clock;

namespace Kube.Client.WorkQueue;

/// <summary>Ready-made retry policies.</summary>
public static class WorkQueueRateLimiters
{
    /// <summary>
    /// client-go's DefaultControllerRateLimiter: the longer of a per-item exponential backoff
    /// (5 ms doubling up to 1000 s) and an overall bucket of 10 retries per second with bursts of
    /// 100, so that one failing item backs off alone while a mass failure cannot flood the server.
    /// </summary>
    public static IWorkQueueRateLimiter<T> DefaultController<T>(IClock? clock = null, IEqualityComparer<T>? comparer = null)
        where T : notnull =>
        new MaxOfRateLimiter<T>(
            new ItemExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000), comparer),
            new BucketRateLimiter<T>(10, 100, clock));
}
