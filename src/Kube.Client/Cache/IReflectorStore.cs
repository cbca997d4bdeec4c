using System.Collections.Generic;

namespace Kube.Client.Cache;

/// <summary>
/// What a <see cref="Reflector{T}"/> writes into: a <see cref="DeltaFIFO{T}"/> for an informer, or an
/// <see cref="Indexer{T}"/> for a plain cache (the write half of client-go's cache.Store).
/// </summary>
public interface IReflectorStore<in T>
{
    void Add(T obj);

    void Update(T obj);

    void Delete(T obj);

    /// <summary>
    /// Makes the content exactly <paramref name="items"/>, as of <paramref name="resourceVersion"/>:
    /// whatever is not among them is deleted.
    /// </summary>
    void Replace(IEnumerable<T> items, string resourceVersion);

    /// <summary>Re-delivers what the store holds (a periodic resync); no-op for a plain store.</summary>
    void Resync();
}
