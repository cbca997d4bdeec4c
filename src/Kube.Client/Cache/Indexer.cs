using System;
using System.Collections.Generic;
using System.Linq;

namespace Kube.Client.Cache;

/// <summary>
/// The cache of an informer (client-go's cache.NewIndexer): a <see cref="ThreadSafeStore{T}"/> keyed
/// by <see cref="CacheKeys.MetaNamespaceKey"/> (or another key function), with secondary indexes.
/// </summary>
/// <remarks>
/// Thread-safe. Reads hand out the cached objects themselves: never change one (copy it first), as
/// other readers share it and the indexes would go stale. As a <see cref="IReflectorStore{T}"/> it can
/// be fed directly by a <see cref="Reflector{T}"/> when no handlers are needed.
/// </remarks>
public sealed class Indexer<T> : IIndexer<T>
    where T : class
{
    private readonly ThreadSafeStore<T> _store;
    private readonly Func<T, string> _keyOf;

    /// <param name="keyFunc">How to key an object; <see cref="CacheKeys.MetaNamespaceKey"/> by default.</param>
    public Indexer(IEnumerable<KeyValuePair<string, IndexFunc<T>>>? indexers = null, Func<T, string>? keyFunc = null)
    {
        _store = new ThreadSafeStore<T>(indexers);
        _keyOf = keyFunc ?? (obj => CacheKeys.MetaNamespaceKey(obj));
    }

    /// <summary>An indexer with the namespace index (<see cref="CacheKeys.NamespaceIndex"/>), as informers of the factory have.</summary>
    public static Indexer<T> WithNamespaceIndex() =>
        new(new Dictionary<string, IndexFunc<T>> { [CacheKeys.NamespaceIndex] = obj => CacheKeys.MetaNamespaceIndexFunc(obj) });

    public int Count => _store.Count;

    /// <summary>The key of <paramref name="obj"/> under this indexer's key function.</summary>
    public string KeyOf(T obj) => _keyOf(obj ?? throw new ArgumentNullException(nameof(obj)));

    public void Add(T obj) => _store.Add(KeyOf(obj), obj);

    public void Update(T obj) => _store.Update(KeyOf(obj), obj);

    public void Delete(T obj) => _store.Delete(KeyOf(obj));

    public void DeleteByKey(string key) => _store.Delete(key);

    public T? Get(T obj) => _store.Get(KeyOf(obj));

    public T? GetByKey(string key) => _store.Get(key);

    public IReadOnlyList<T> List() => _store.List();

    public IReadOnlyList<string> ListKeys() => _store.ListKeys();

    public void Replace(IEnumerable<T> items, string resourceVersion)
    {
        if (items is null) throw new ArgumentNullException(nameof(items));
        _store.Replace(items.Select(item => new KeyValuePair<string, T>(KeyOf(item), item)));
    }

    /// <summary>Nothing to do: a plain store has no one to re-deliver to.</summary>
    public void Resync()
    {
    }

    public IReadOnlyList<T> Index(string indexName, T obj) => _store.Index(indexName, obj);

    public IReadOnlyList<string> IndexKeys(string indexName, string indexedValue) => _store.IndexKeys(indexName, indexedValue);

    public IReadOnlyList<string> ListIndexFuncValues(string indexName) => _store.ListIndexFuncValues(indexName);

    public IReadOnlyList<T> ByIndex(string indexName, string indexedValue) => _store.ByIndex(indexName, indexedValue);

    public IReadOnlyDictionary<string, IndexFunc<T>> GetIndexers() => _store.GetIndexers();

    public void AddIndexers(IEnumerable<KeyValuePair<string, IndexFunc<T>>> indexers) => _store.AddIndexers(indexers);
}
