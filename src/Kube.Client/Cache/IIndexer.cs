using System.Collections.Generic;

namespace Kube.Client.Cache;

/// <summary>
/// A store with secondary indexes (client-go's cache.Indexer): each index maps the values its
/// <see cref="IndexFunc{T}"/> gives an object to the keys of the objects with that value.
/// </summary>
/// <remarks>Unknown index names throw <see cref="System.ArgumentException"/>.</remarks>
public interface IIndexer<T> : IStore<T>
    where T : class
{
    /// <summary>The objects that share an index value with <paramref name="obj"/> in that index.</summary>
    IReadOnlyList<T> Index(string indexName, T obj);

    /// <summary>The keys of the objects indexed under <paramref name="indexedValue"/>.</summary>
    IReadOnlyList<string> IndexKeys(string indexName, string indexedValue);

    /// <summary>The values the index holds (those with at least one object).</summary>
    IReadOnlyList<string> ListIndexFuncValues(string indexName);

    /// <summary>The objects indexed under <paramref name="indexedValue"/>.</summary>
    IReadOnlyList<T> ByIndex(string indexName, string indexedValue);

    IReadOnlyDictionary<string, IndexFunc<T>> GetIndexers();

    /// <summary>Adds indexes, indexing the objects already stored.</summary>
    /// <exception cref="System.ArgumentException">An index of that name exists already.</exception>
    void AddIndexers(IEnumerable<KeyValuePair<string, IndexFunc<T>>> indexers);
}
