using System;
using Kube.Client.Clock;
using Kube.Client.Rest;

namespace Kube.Client.WorkQueue;

/// <summary>
/// An overall token bucket shared by all items: <see cref="Qps"/> retries per second with bursts
/// of <see cref="Burst"/>. Each <see cref="When"/> reserves the next token and returns how long
/// until it is due. It tracks no items: <see cref="NumRequeues"/> is always 0.
/// </summary>
public sealed class BucketRateLimiter<T> : IWorkQueueRateLimiter<T>
    where T : notnull
{
    private readonly TokenBucketRateLimiter _bucket;

    /// <param name="clock">The time source; <see cref="SystemClock"/> when null.</param>
    public BucketRateLimiter(float qps, int burst, IClock? clock = null)
    {
        var time = clock ?? SystemClock.Instance;
        _bucket = new TokenBucketRateLimiter(qps, burst, () => time.Elapsed, (delay, ct) => time.DelayAsync(delay, ct));
    }

    public float Qps => _bucket.Qps;

    public int Burst => _bucket.Burst;

    public TimeSpan When(T item) => _bucket.Reserve();

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
