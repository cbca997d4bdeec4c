using System;

namespace Kube.Client.Cache;

/// <summary>
/// A handler added to a <see cref="SharedIndexInformer{T}"/> (client-go's ResourceEventHandlerRegistration).
/// Pass it to <see cref="SharedIndexInformer{T}.RemoveEventHandler"/> to remove the handler.
/// </summary>
public sealed class ResourceEventHandlerRegistration<T>
    where T : class
{
    private readonly Func<bool> _informerHasSynced;

    internal ResourceEventHandlerRegistration(ProcessorListener<T> listener, Func<bool> informerHasSynced)
    {
        Listener = listener;
        _informerHasSynced = informerHasSynced;
    }

    public IResourceEventHandler<T> Handler => Listener.Handler;

    /// <summary>The resync period in effect for this handler (zero: no resync).</summary>
    public TimeSpan ResyncPeriod => Listener.ResyncPeriod;

    /// <summary>
    /// True once the informer has synced and this handler has returned from every notification of
    /// the initial list (for a handler added late: of the cache's content when it was added).
    /// </summary>
    public bool HasSynced => _informerHasSynced() && Listener.PendingInitial == 0;

    /// <summary>Notifications waiting for the handler: a growing number means the handler is too slow.</summary>
    public int PendingNotifications => Listener.Pending;

    internal ProcessorListener<T> Listener { get; }
}
