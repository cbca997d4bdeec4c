namespace Kube.Client.Discovery;

/// <summary>
/// A discovery client that answers from a cache (client-go's CachedDiscoveryInterface).
/// </summary>
public interface ICachedDiscoveryClient : IDiscoveryClient
{
    /// <summary>
    /// True when everything served since the last <see cref="Invalidate"/> (or since creation)
    /// was fetched from the server by this client, none of it taken from a cache someone else
    /// filled. A lookup that misses on fresh data has no reason to ask the server again.
    /// </summary>
    bool Fresh { get; }

    /// <summary>
    /// Forgets the cached data: the next calls ask the server again (and rewrite any disk cache).
    /// </summary>
    void Invalidate();
}
