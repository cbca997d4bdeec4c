using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Cache;

/// <summary>Waiting for caches to fill (client-go's cache.WaitForCacheSync).</summary>
public static class CacheSync
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits until every <paramref name="hasSynced"/> is true (checking every 100 ms). Returns false,
    /// rather than throwing, when the token is cancelled first.
    /// </summary>
    public static Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken, params Func<bool>[] hasSynced) =>
        WaitForCacheSyncAsync(cancellationToken, () => Array.TrueForAll(hasSynced, synced => synced()), () => false);

    internal static async Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken, Func<bool> synced, Func<bool> gaveUp)
    {
        while (true)
        {
            if (synced()) return true;
            if (cancellationToken.IsCancellationRequested || gaveUp()) return false;
            try
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return synced();
            }
        }
    }
}
