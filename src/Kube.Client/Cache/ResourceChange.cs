using System;

namespace Kube.Client.Cache;

/// <summary>One change an informer saw, as an <see cref="InformerEventChannel{T}"/> reports it.</summary>
public sealed class ResourceChange<T>
    where T : class
{
    public ResourceChange(ResourceChangeType type, T obj, T? oldObject, bool isInInitialList, bool finalStateUnknown, DateTimeOffset time)
    {
        Type = type;
        Object = obj ?? throw new ArgumentNullException(nameof(obj));
        OldObject = oldObject;
        IsInInitialList = isInInitialList;
        FinalStateUnknown = finalStateUnknown;
        Time = time;
    }

    public ResourceChangeType Type { get; }

    /// <summary>The object after the change; for a deletion, its last state.</summary>
    public T Object { get; }

    /// <summary>The object before the change, for <see cref="ResourceChangeType.Modified"/>; null otherwise.</summary>
    public T? OldObject { get; }

    /// <summary>An <see cref="ResourceChangeType.Added"/> that was part of the informer's first list (the state when it started).</summary>
    public bool IsInInitialList { get; }

    /// <summary>
    /// A deletion found by a relist after the watch was down (<see cref="DeletedFinalStateUnknown{T}"/>):
    /// <see cref="Object"/> is the last state the cache knew, which may be older than the deleted one.
    /// </summary>
    public bool FinalStateUnknown { get; }

    /// <summary>When the informer told of the change (local clock).</summary>
    public DateTimeOffset Time { get; }
}
