namespace Kube.Client.Cache;

/// <summary>What happened to an object, as a <see cref="DeltaFIFO{T}"/> records it.</summary>
public enum DeltaType
{
    /// <summary>A watch saw the object created (or the store was told to add it).</summary>
    Added,

    /// <summary>A watch saw the object changed.</summary>
    Updated,

    /// <summary>A watch saw the object deleted, or a relist no longer had it (then the object is a tombstone).</summary>
    Deleted,

    /// <summary>A list (the first one or a relist) had the object; it may or may not have changed.</summary>
    Replaced,

    /// <summary>A periodic resync re-delivered the object from the cache; nothing changed.</summary>
    Sync,
}
