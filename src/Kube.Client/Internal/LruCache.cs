using System.Collections.Generic;

namespace Kube.Client.Internal;

/// <summary>
/// A fixed-size map that forgets the least recently used entry when full (groupcache's lru.Cache).
/// Not thread-safe: callers lock around it.
/// </summary>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _entries;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _order = new();

    public LruCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        _capacity = capacity < 1 ? 1 : capacity;
        _entries = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(comparer);
    }

    public int Count => _entries.Count;

    /// <summary>The value of <paramref name="key"/>, which becomes the most recently used.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            value = node.Value.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Adds or replaces the value of <paramref name="key"/>; forgets the least recently used entry when over capacity.</summary>
    public void Add(TKey key, TValue value)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            node.Value = new KeyValuePair<TKey, TValue>(key, value);
            _order.AddFirst(node);
            return;
        }
        _entries[key] = _order.AddFirst(new KeyValuePair<TKey, TValue>(key, value));
        if (_entries.Count > _capacity)
        {
            var oldest = _order.Last!;
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }
    }
}
