using System;
using Kube.Client.Rest;
using Kube.Client.Retry;

namespace Kube.Client.Discovery;

/// <summary>How a <see cref="DiscoveryClient"/> sends its requests.</summary>
public sealed class DiscoveryClientOptions
{
    /// <summary>client-go's discovery timeout.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(32);

    /// <summary>Timeout of each discovery request; <see cref="TimeSpan.Zero"/> for none.</summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>How many group versions a sweep fetches at the same time (at least 1).</summary>
    public int MaxParallelism { get; set; } = 8;

    /// <summary>
    /// Retries of each group version's request. One retry with a short backoff by default: an
    /// aggregated API whose service is down answers 503 without Retry-After, and a whole sweep
    /// should not wait out the client's full backoff for it.
    /// </summary>
    public RetryPolicy RetryPolicy { get; set; } =
        new(maxRetries: 1, new Backoff(TimeSpan.FromMilliseconds(100), factor: 2, jitter: 0.2, cap: TimeSpan.FromSeconds(1)));

    /// <summary>kubectl's discovery budget: 50 requests per second with bursts of 300.</summary>
    public const float DefaultQps = 50f;
    public const int DefaultBurst = 300;

    /// <summary>
    /// The throttle of discovery requests, in place of the RestClient's (whose default of 5 QPS
    /// would make a sweep of some 40 group versions take seconds). Null: the RestClient's own.
    /// By default each DiscoveryClient gets a limiter of <see cref="DefaultQps"/> and
    /// <see cref="DefaultBurst"/>.
    /// </summary>
    public IRateLimiter? RateLimiter { get; set; } = new TokenBucketRateLimiter(DefaultQps, DefaultBurst);

    internal DiscoveryClientOptions Validated()
    {
        if (RequestTimeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The discovery request timeout may not be negative.");
        if (MaxParallelism < 1) throw new ArgumentOutOfRangeException(nameof(MaxParallelism), MaxParallelism, "Discovery needs a parallelism of at least 1.");
        if (RetryPolicy is null) throw new ArgumentNullException(nameof(RetryPolicy), "The discovery retry policy may not be null.");
        return this;
    }
}
