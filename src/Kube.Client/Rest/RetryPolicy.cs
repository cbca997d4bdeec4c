using System;
using Kube.Client.Retry;

namespace Kube.Client.Rest;

/// <summary>
/// How a request is tried again. Idempotent requests (GET, HEAD, PUT, DELETE) are retried on
/// connection failures, 429 and 5xx; any request is retried when the connection was refused
/// (nothing reached the server) or when the server answered 429/5xx with Retry-After.
/// </summary>
public sealed class RetryPolicy
{
    public RetryPolicy(int maxRetries = 5, Backoff? backoff = null, TimeSpan? maxRetryAfter = null)
    {
        if (maxRetries < 0) throw new ArgumentOutOfRangeException(nameof(maxRetries));
        MaxRetries = maxRetries;
        Backoff = backoff ?? new Backoff(TimeSpan.FromMilliseconds(200), factor: 2, jitter: 0.2, cap: TimeSpan.FromSeconds(10));
        MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromMinutes(1);
    }

    public static RetryPolicy Default { get; } = new();

    public static RetryPolicy None { get; } = new(0);

    public int MaxRetries { get; }

    public Backoff Backoff { get; }

    /// <summary>The longest Retry-After we honour; a server asking for more gets this.</summary>
    public TimeSpan MaxRetryAfter { get; }
}
