namespace Kube.Client.Cache;

/// <summary>
/// What a <see cref="Reflector{T}"/> has done so far: a snapshot of its counters, for tests,
/// diagnostics and metrics. Every count only grows.
/// </summary>
public sealed class ReflectorStatistics
{
    /// <summary>Complete lists stored (the first one and every relist).</summary>
    public long Lists { get; internal set; }

    /// <summary>Lists after the first: after a 410, an error, or a watch that ended too soon.</summary>
    public long Relists => Lists > 0 ? Lists - 1 : 0;

    /// <summary>List requests sent, one per page.</summary>
    public long ListRequests { get; internal set; }

    /// <summary>Lists that failed (the reflector backed off and tried again).</summary>
    public long ListErrors { get; internal set; }

    /// <summary>Lists whose resourceVersion was too old or too new for the server, retried with none.</summary>
    public long ListsExpired { get; internal set; }

    /// <summary>Watch requests sent.</summary>
    public long Watches { get; internal set; }

    /// <summary>Added, Modified and Deleted events received.</summary>
    public long WatchEvents { get; internal set; }

    /// <summary>Bookmarks received (they only advance the resourceVersion).</summary>
    public long Bookmarks { get; internal set; }

    /// <summary>Watches the server ended normally (its timeout); the reflector watched again from where it was.</summary>
    public long WatchesEnded { get; internal set; }

    /// <summary>Watches refused or ended with 410 Gone ("too old resource version"); each leads to a relist.</summary>
    public long WatchesExpired { get; internal set; }

    /// <summary>Watches answered with 429 Too Many Requests; the reflector backed off and watched again without relisting.</summary>
    public long WatchesTooManyRequests { get; internal set; }

    /// <summary>Watches whose connection was refused; the reflector backed off and watched again without relisting.</summary>
    public long WatchesConnectionRefused { get; internal set; }

    /// <summary>Watch streams cut or unreachable servers; the reflector backed off and watched again from the last event it applied.</summary>
    public long WatchesCut { get; internal set; }

    /// <summary>Watches that failed otherwise, or closed within a second without an event; each leads to a relist.</summary>
    public long WatchErrors { get; internal set; }

    /// <summary>Periodic resyncs performed.</summary>
    public long Resyncs { get; internal set; }

    public override string ToString() =>
        $"lists {Lists} (requests {ListRequests}, errors {ListErrors}, expired {ListsExpired}), watches {Watches} " +
        $"(events {WatchEvents}, bookmarks {Bookmarks}, ended {WatchesEnded}, expired {WatchesExpired}, 429 {WatchesTooManyRequests}, " +
        $"refused {WatchesConnectionRefused}, cut {WatchesCut}, errors {WatchErrors}), resyncs {Resyncs}";
}
