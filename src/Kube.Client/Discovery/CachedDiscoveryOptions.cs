using System;

namespace Kube.Client.Discovery;

/// <summary>How a <see cref="CachedDiscoveryClient"/> keeps what it learns.</summary>
public sealed class CachedDiscoveryOptions
{
    /// <summary>kubectl's discovery cache lifetime (since kubectl 1.26; it was 10 minutes before).</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(6);

    /// <summary>
    /// The folder of this server's cache files (kubectl's layout: servergroups.json and
    /// GROUP/VERSION/serverresources.json), usually <see cref="DiscoveryCacheDirectory.ForServer"/>;
    /// null keeps the cache in memory only.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>How long an answer stays good, in memory and on disk (a file's age is its last write).</summary>
    public TimeSpan Ttl { get; set; } = DefaultTtl;

    /// <summary>The current time; tests replace it to age the cache.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>How many group versions a sweep fetches at the same time (at least 1).</summary>
    public int MaxParallelism { get; set; } = 8;

    internal CachedDiscoveryOptions Validated()
    {
        if (Ttl <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Ttl), Ttl, "The discovery cache TTL must be positive.");
        if (Clock is null) throw new ArgumentNullException(nameof(Clock), "The discovery cache needs a clock.");
        if (MaxParallelism < 1) throw new ArgumentOutOfRangeException(nameof(MaxParallelism), MaxParallelism, "Discovery needs a parallelism of at least 1.");
        if (CacheDirectory is { Length: 0 }) throw new ArgumentException("The discovery cache directory may not be empty (use null for a memory-only cache).", nameof(CacheDirectory));
        return this;
    }
}
