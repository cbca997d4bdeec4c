namespace Kube.Client.Cache;

/// <summary>The tombstone seen without its type argument (what key functions look for).</summary>
public interface IDeletedFinalStateUnknown
{
    /// <summary>The cache key of the deleted object.</summary>
    string Key { get; }

    /// <summary>The last state of the object the cache knew.</summary>
    object Object { get; }
}

/// <summary>
/// A deletion the cache inferred rather than saw (client-go's DeletedFinalStateUnknown): the watch was
/// down when the object went, and a relist no longer had it. <see cref="Obj"/> is the last state the
/// cache knew, which may be older than the state the object had when it was deleted.
/// Delete handlers receive either a <typeparamref name="T"/> or one of these.
/// </summary>
public sealed class DeletedFinalStateUnknown<T> : IDeletedFinalStateUnknown
    where T : class
{
    public DeletedFinalStateUnknown(string key, T obj)
    {
        Key = key ?? throw new System.ArgumentNullException(nameof(key));
        Obj = obj ?? throw new System.ArgumentNullException(nameof(obj));
    }

    public string Key { get; }

    /// <summary>The last state of the object the cache knew.</summary>
    public T Obj { get; }

    object IDeletedFinalStateUnknown.Object => Obj;

    /// <summary>The object a delete notification carries: the object itself, or the last state a tombstone holds.</summary>
    public static T LastKnownState(object deleted) => deleted switch
    {
        T obj => obj,
        DeletedFinalStateUnknown<T> tombstone => tombstone.Obj,
        null => throw new System.ArgumentNullException(nameof(deleted)),
        _ => throw new System.ArgumentException($"expected a {typeof(T).Name} or a DeletedFinalStateUnknown<{typeof(T).Name}>, got {deleted.GetType().Name}", nameof(deleted)),
    };

    public override string ToString() => $"DeletedFinalStateUnknown {Key}";
}
