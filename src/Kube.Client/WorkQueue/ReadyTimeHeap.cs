using System;
using System.Collections.Generic;

namespace Kube.Client.WorkQueue;

/// <summary>
/// Items waiting for a time, earliest first (ties in insertion order), at most one entry per
/// item. Not thread-safe: the delaying queue guards it.
/// </summary>
internal sealed class ReadyTimeHeap<T>
    where T : notnull
{
    private readonly List<Entry> _heap = new();
    private readonly Dictionary<T, Entry> _entries;
    private long _sequence;

    public ReadyTimeHeap(IEqualityComparer<T> comparer) => _entries = new Dictionary<T, Entry>(comparer);

    public int Count => _heap.Count;

    /// <summary>The earliest ready time; only when <see cref="Count"/> is not zero.</summary>
    public TimeSpan FirstReadyAt => _heap[0].ReadyAt;

    /// <summary>
    /// Adds the item, or moves an existing entry earlier; a later time for a waiting item is
    /// ignored. Returns true when the earliest ready time of the heap changed.
    /// </summary>
    public bool AddOrAdvance(T item, TimeSpan readyAt)
    {
        if (_entries.TryGetValue(item, out var existing))
        {
            if (readyAt >= existing.ReadyAt) return false;
            existing.ReadyAt = readyAt;
            SiftUp(existing.Index);
            return existing.Index == 0;
        }
        var entry = new Entry(item, readyAt, _sequence++) { Index = _heap.Count };
        _heap.Add(entry);
        _entries.Add(item, entry);
        SiftUp(entry.Index);
        return entry.Index == 0;
    }

    public T RemoveFirst()
    {
        var first = _heap[0];
        int last = _heap.Count - 1;
        Move(_heap[last], 0);
        _heap.RemoveAt(last);
        if (_heap.Count > 0) SiftDown(0);
        _entries.Remove(first.Item);
        return first.Item;
    }

    public void Clear()
    {
        _heap.Clear();
        _entries.Clear();
    }

    private void SiftUp(int index)
    {
        var entry = _heap[index];
        while (index > 0)
        {
            int parent = (index - 1) / 2;
            if (!Earlier(entry, _heap[parent])) break;
            Move(_heap[parent], index);
            index = parent;
        }
        Move(entry, index);
    }

    private void SiftDown(int index)
    {
        var entry = _heap[index];
        int count = _heap.Count;
        while (true)
        {
            int child = 2 * index + 1;
            if (child >= count) break;
            if (child + 1 < count && Earlier(_heap[child + 1], _heap[child])) child++;
            if (!Earlier(_heap[child], entry)) break;
            Move(_heap[child], index);
            index = child;
        }
        Move(entry, index);
    }

    private void Move(Entry entry, int index)
    {
        _heap[index] = entry;
        entry.Index = index;
    }

    private static bool Earlier(Entry a, Entry b) =>
        a.ReadyAt < b.ReadyAt || (a.ReadyAt == b.ReadyAt && a.Sequence < b.Sequence);

    private sealed class Entry
    {
        public Entry(T item, TimeSpan readyAt, long sequence)
        {
            Item = item;
            ReadyAt = readyAt;
            Sequence = sequence;
        }

        public T Item { get; }
        public TimeSpan ReadyAt { get; set; }
        public long Sequence { get; }
        public int Index { get; set; }
    }
}
