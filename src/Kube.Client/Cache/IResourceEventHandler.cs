namespace Kube.Client.Cache;

/// <summary>
/// Receives the changes an informer sees (client-go's ResourceEventHandler). Calls come from the
/// handler's own loop, one at a time and in order for each object; see
/// <see cref="SharedIndexInformer{T}"/> for the full contract. Handlers must not change the objects
/// they receive (they are the cache's), and should return quickly: hand slow work to a work queue.
/// </summary>
public interface IResourceEventHandler<in T>
    where T : class
{
    /// <summary>
    /// An object appeared: created, or present when the handler was added or the informer listed.
    /// <paramref name="isInInitialList"/> is true for the objects of the first list (or, for a handler
    /// added late, of the cache's content when it was added).
    /// </summary>
    void OnAdd(T obj, bool isInInitialList);

    /// <summary>
    /// An object changed, or a periodic resync re-delivered it (then <paramref name="oldObj"/> and
    /// <paramref name="newObj"/> have the same resourceVersion).
    /// </summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>
    /// An object was deleted. <paramref name="obj"/> is the object's last state, or a
    /// <see cref="DeletedFinalStateUnknown{T}"/> when the deletion happened while the watch was down
    /// and a relist found the object gone (use <see cref="DeletedFinalStateUnknown{T}.LastKnownState"/>).
    /// </summary>
    void OnDelete(object obj);
}
