using System.Collections;
using System.Collections.Generic;

namespace Kube.Client.Cache;

/// <summary>
/// The changes a <see cref="DeltaFIFO{T}"/> holds for one object, oldest first (client-go's Deltas).
/// What <see cref="DeltaFIFO{T}.PopAsync"/> hands out is no longer shared with the queue.
/// </summary>
public sealed class Deltas<T> : IReadOnlyList<Delta<T>>
    where T : class
{
    private readonly List<Delta<T>> _items;

    internal Deltas(List<Delta<T>> items)
    {
        _items = items;
    }

    public int Count => _items.Count;

    public Delta<T> this[int index] => _items[index];

    /// <summary>The oldest change, or null when there is none.</summary>
    public Delta<T>? Oldest => _items.Count == 0 ? null : _items[0];

    /// <summary>The latest change, or null when there is none.</summary>
    public Delta<T>? Newest => _items.Count == 0 ? null : _items[_items.Count - 1];

    public IEnumerator<Delta<T>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal List<Delta<T>> Items => _items;

    internal Deltas<T> Copy() => new(new List<Delta<T>>(_items));

    public override string ToString() => string.Join(", ", _items);
}
