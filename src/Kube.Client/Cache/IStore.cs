using System.Collections.Generic;

namespace Kube.Client.Cache;

/// <summary>
/// A thread-safe keyed collection of objects (client-go's cache.Store). Reads return the cached
/// objects themselves: treat them as read-only, and copy one before changing it.
/// </summary>
public interface IStore<T> : IReflectorStore<T>
    where T : class
{
    /// <summary>The stored object with the key of <paramref name="obj"/>, or null.</summary>
    T? Get(T obj);

    /// <summary>The stored object with this key ("namespace/name" or "name"), or null.</summary>
    T? GetByKey(string key);

    /// <summary>Every stored object, in no particular order (a snapshot).</summary>
    IReadOnlyList<T> List();

    /// <summary>Every key, in no particular order (a snapshot).</summary>
    IReadOnlyList<string> ListKeys();

    /// <summary>Removes the object with this key, if there is one.</summary>
    void DeleteByKey(string key);

    int Count { get; }
}
