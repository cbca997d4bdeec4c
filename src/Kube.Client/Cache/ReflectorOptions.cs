using System;

namespace Kube.Client.Cache;

/// <summary>Tunables of a <see cref="Reflector{T}"/>; the defaults are client-go's.</summary>
public sealed class ReflectorOptions
{
    /// <summary>A name for messages; by default the lister-watcher's description.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Items per list page. 0 (the default) lets the reflector choose as client-go does: pages of
    /// 500, except when relisting from a known resourceVersion, which lists at once so the server can
    /// answer from its watch cache.
    /// </summary>
    public int PageSize { get; set; }

    /// <summary>
    /// The shortest server-side watch timeout; each watch asks for a random timeout between this and
    /// twice this, so that many clients do not reconnect at once. 5 minutes by default.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first delay after a failure (800 ms).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest delay between attempts (30 s).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this long without a failure, the backoff starts again from <see cref="InitialBackoff"/> (2 minutes).</summary>
    public TimeSpan BackoffResetAfter { get; set; } = TimeSpan.FromMinutes(2);

    public ReflectorOptions Clone() => (ReflectorOptions)MemberwiseClone();

    internal void Validate()
    {
        if (PageSize < 0) throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "the page size cannot be negative (0 lets the reflector choose)");
        if (MinWatchTimeout < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(MinWatchTimeout), MinWatchTimeout, "the watch timeout is in whole seconds: at least 1 s");
        if (InitialBackoff < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(InitialBackoff), InitialBackoff, "cannot be negative");
        if (MaxBackoff < InitialBackoff) throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, $"cannot be shorter than {nameof(InitialBackoff)} ({InitialBackoff})");
        if (BackoffResetAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BackoffResetAfter), BackoffResetAfter, "cannot be negative");
    }
}
