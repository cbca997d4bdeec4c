using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Kube.Client.Cache;

/// <summary>
/// Objects by key, with secondary indexes kept in step on every write (client-go's threadSafeMap).
/// The caller chooses the keys; <see cref="Indexer{T}"/> derives them from the objects.
/// </summary>
/// <remarks>
/// <para>Every method is safe to call from any thread; reads run in parallel with each other, writes
/// one at a time. Lists are snapshots taken under the lock.</para>
/// <para>The store holds the objects it is given, not copies. Never change a stored object: the index
/// values of the old object are computed again when it is replaced, and other readers share it.</para>
/// <para>An index function that throws fails the write with an <see cref="InvalidOperationException"/>
/// and leaves the store as it was.</para>
/// </remarks>
public sealed class ThreadSafeStore<T>
    where T : class
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexFunc<T>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indices = new(StringComparer.Ordinal);

    public ThreadSafeStore(IEnumerable<KeyValuePair<string, IndexFunc<T>>>? indexers = null)
    {
        if (indexers is not null) AddIndexers(indexers);
    }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _items.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Stores <paramref name="obj"/> under <paramref name="key"/>, replacing what was there.</summary>
    public void Add(string key, T obj) => Update(key, obj);

    /// <summary>Stores <paramref name="obj"/> under <paramref name="key"/>, replacing what was there.</summary>
    public void Update(string key, T obj)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        _lock.EnterWriteLock();
        try
        {
            _items.TryGetValue(key, out var old);
            var newValues = IndexValuesOf(key, obj);
            var oldValues = old is null ? null : IndexValuesOf(key, old);
            _items[key] = obj;
            ApplyIndexChange(key, oldValues, newValues);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Delete(string key)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        _lock.EnterWriteLock();
        try
        {
            if (!_items.TryGetValue(key, out var old)) return;
            var oldValues = IndexValuesOf(key, old);
            _items.Remove(key);
            ApplyIndexChange(key, oldValues, null);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public T? Get(string key)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        _lock.EnterReadLock();
        try { return _items.TryGetValue(key, out var obj) ? obj : null; }
        finally { _lock.ExitReadLock(); }
    }

    public IReadOnlyList<T> List()
    {
        _lock.EnterReadLock();
        try { return _items.Values.ToArray(); }
        finally { _lock.ExitReadLock(); }
    }

    public IReadOnlyList<string> ListKeys()
    {
        _lock.EnterReadLock();
        try { return _items.Keys.ToArray(); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Makes the content exactly <paramref name="items"/> and rebuilds every index.</summary>
    public void Replace(IEnumerable<KeyValuePair<string, T>> items)
    {
        if (items is null) throw new ArgumentNullException(nameof(items));
        var fresh = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items) fresh[item.Key] = item.Value ?? throw new ArgumentException($"the object for key \"{item.Key}\" is null", nameof(items));
        var indices = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        foreach (var indexer in SnapshotIndexers())
            indices[indexer.Key] = BuildIndex(indexer.Key, indexer.Value, fresh);

        _lock.EnterWriteLock();
        try
        {
            // The indexers may have grown since the snapshot; index the new content with those too.
            foreach (var indexer in _indexers)
                if (!indices.ContainsKey(indexer.Key)) indices[indexer.Key] = BuildIndex(indexer.Key, indexer.Value, fresh);
            _items.Clear();
            foreach (var item in fresh) _items.Add(item.Key, item.Value);
            _indices.Clear();
            foreach (var index in indices) _indices.Add(index.Key, index.Value);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The objects that share at least one value with <paramref name="obj"/> in the index.</summary>
    public IReadOnlyList<T> Index(string indexName, T obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        _lock.EnterReadLock();
        try
        {
            var indexFunc = IndexerOf(indexName);
            var index = _indices[indexName];
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (string value in Evaluate(indexName, indexFunc, "the given object", obj))
                if (index.TryGetValue(value, out var set)) keys.UnionWith(set);
            return keys.Select(k => _items[k]).ToArray();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<string> IndexKeys(string indexName, string indexedValue)
    {
        if (indexedValue is null) throw new ArgumentNullException(nameof(indexedValue));
        _lock.EnterReadLock();
        try
        {
            IndexerOf(indexName);
            return _indices[indexName].TryGetValue(indexedValue, out var set) ? set.ToArray() : Array.Empty<string>();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<string> ListIndexFuncValues(string indexName)
    {
        _lock.EnterReadLock();
        try
        {
            IndexerOf(indexName);
            return _indices[indexName].Keys.ToArray();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string indexedValue)
    {
        if (indexedValue is null) throw new ArgumentNullException(nameof(indexedValue));
        _lock.EnterReadLock();
        try
        {
            IndexerOf(indexName);
            return _indices[indexName].TryGetValue(indexedValue, out var set) ? set.Select(k => _items[k]).ToArray() : Array.Empty<T>();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyDictionary<string, IndexFunc<T>> GetIndexers()
    {
        _lock.EnterReadLock();
        try { return new Dictionary<string, IndexFunc<T>>(_indexers, StringComparer.Ordinal); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Adds indexes and indexes the objects already stored.</summary>
    /// <exception cref="ArgumentException">An index of that name exists already, or is named twice.</exception>
    public void AddIndexers(IEnumerable<KeyValuePair<string, IndexFunc<T>>> indexers)
    {
        if (indexers is null) throw new ArgumentNullException(nameof(indexers));
        var added = new List<KeyValuePair<string, IndexFunc<T>>>();
        foreach (var indexer in indexers)
        {
            if (string.IsNullOrEmpty(indexer.Key)) throw new ArgumentException("an index needs a name", nameof(indexers));
            if (indexer.Value is null) throw new ArgumentException($"the index \"{indexer.Key}\" has no index function", nameof(indexers));
            if (added.Any(a => a.Key == indexer.Key)) throw new ArgumentException($"the index \"{indexer.Key}\" is given twice", nameof(indexers));
            added.Add(indexer);
        }
        _lock.EnterWriteLock();
        try
        {
            foreach (var indexer in added)
                if (_indexers.ContainsKey(indexer.Key)) throw new ArgumentException($"the index \"{indexer.Key}\" exists already", nameof(indexers));
            var built = added.Select(a => (a.Key, a.Value, Index: BuildIndex(a.Key, a.Value, _items))).ToList();
            foreach (var (name, func, index) in built)
            {
                _indexers.Add(name, func);
                _indices.Add(name, index);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private List<KeyValuePair<string, IndexFunc<T>>> SnapshotIndexers()
    {
        _lock.EnterReadLock();
        try { return _indexers.ToList(); }
        finally { _lock.ExitReadLock(); }
    }

    private IndexFunc<T> IndexerOf(string indexName)
    {
        if (indexName is null) throw new ArgumentNullException(nameof(indexName));
        if (!_indexers.TryGetValue(indexName, out var func))
        {
            string known = _indexers.Count == 0 ? "it has none" : "it has " + string.Join(", ", _indexers.Keys.Select(k => "\"" + k + "\""));
            throw new ArgumentException($"the store has no index \"{indexName}\" ({known})", nameof(indexName));
        }
        return func;
    }

    /// <summary>The values of <paramref name="obj"/> in every index, computed before anything changes.</summary>
    private List<string[]> IndexValuesOf(string key, T obj)
    {
        var values = new List<string[]>(_indexers.Count);
        foreach (var indexer in _indexers)
            values.Add(Evaluate(indexer.Key, indexer.Value, $"key \"{key}\"", obj));
        return values;
    }

    /// <summary>Moves <paramref name="key"/> from its old index values to its new ones (same order as <see cref="_indexers"/>).</summary>
    private void ApplyIndexChange(string key, List<string[]>? oldValues, List<string[]>? newValues)
    {
        int i = 0;
        foreach (var indexer in _indexers)
        {
            var index = _indices[indexer.Key];
            var before = oldValues?[i] ?? Array.Empty<string>();
            var after = newValues?[i] ?? Array.Empty<string>();
            i++;
            foreach (string value in before)
            {
                if (Array.IndexOf(after, value) >= 0) continue;
                if (index.TryGetValue(value, out var set))
                {
                    set.Remove(key);
                    // Empty sets would pile up with every value ever seen (say, every pod UID).
                    if (set.Count == 0) index.Remove(value);
                }
            }
            foreach (string value in after)
            {
                if (!index.TryGetValue(value, out var set))
                {
                    set = new HashSet<string>(StringComparer.Ordinal);
                    index.Add(value, set);
                }
                set.Add(key);
            }
        }
    }

    private static Dictionary<string, HashSet<string>> BuildIndex(string name, IndexFunc<T> func, Dictionary<string, T> items)
    {
        var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (string value in Evaluate(name, func, $"key \"{item.Key}\"", item.Value))
            {
                if (!index.TryGetValue(value, out var set))
                {
                    set = new HashSet<string>(StringComparer.Ordinal);
                    index.Add(value, set);
                }
                set.Add(item.Key);
            }
        }
        return index;
    }

    private static string[] Evaluate(string indexName, IndexFunc<T> func, string what, T obj)
    {
        try
        {
            var values = func(obj);
            if (values is null) return Array.Empty<string>();
            var array = values.Distinct(StringComparer.Ordinal).ToArray();
            if (Array.IndexOf(array, null!) >= 0) throw new InvalidOperationException("it returned a null value");
            return array;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"the index function of \"{indexName}\" failed for {what}: {e.Message}", e);
        }
    }
}
