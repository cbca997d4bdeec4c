using System;
using System.Net.Http;

namespace Kube.Client.Rest;

/// <summary>Reads a response's Retry-After header (seconds or an HTTP date).</summary>
internal static class RetryAfterHeader
{
    /// <summary>The wait the server asks for, at least zero and at most <paramref name="max"/>; null without the header.</summary>
    public static TimeSpan? Read(HttpResponseMessage response, TimeSpan max)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = null;
        if (header?.Delta is TimeSpan delta) wait = delta;
        else if (header?.Date is DateTimeOffset date) wait = date - DateTimeOffset.UtcNow;
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > max ? max : wait;
    }
}
