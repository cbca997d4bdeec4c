using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Cache;

/// <summary>
/// A queue of changes per object between a <see cref="Reflector{T}"/> and whoever applies them
/// (client-go's DeltaFIFO): the reflector writes, one consumer pops.
/// </summary>
/// <remarks>
/// <para>Guarantees:</para>
/// <list type="bullet">
/// <item>Objects come out in the order their first pending change went in; all the pending changes
/// of one object come out together, oldest first, so a consumer sees each object's history in order.</item>
/// <item>Two consecutive deletions of one object collapse into one (the one that is not a tombstone).</item>
/// <item><see cref="Replace"/> queues a <see cref="DeltaType.Replaced"/> for every listed object and a
/// <see cref="DeltaType.Deleted"/> with a <see cref="DeletedFinalStateUnknown{T}"/> for every object the
/// known objects (the consumer's cache) or the queue still hold but the list no longer has: deletions
/// missed while the watch was down are reconciled.</item>
/// <item><see cref="Resync"/> queues a <see cref="DeltaType.Sync"/> for each known object without pending changes.</item>
/// <item><see cref="HasSynced"/> turns true once everything queued by the first <see cref="Replace"/>
/// (or the first write, if that came earlier) has been popped and processed.</item>
/// <item><see cref="PopAsync"/> runs its process callback under the queue's lock, so the callback
/// sees the known objects consistent with the queue; it must be quick and must not call back into this queue.</item>
/// </list>
/// <para>Thread-safe. A deletion of an object that neither the queue nor the known objects hold is ignored.</para>
/// </remarks>
public sealed class DeltaFIFO<T> : IReflectorStore<T>
    where T : class
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Deltas<T>> _items = new(StringComparer.Ordinal);
    private readonly Queue<string> _queue = new();
    private readonly Func<T, string> _keyOf;
    private readonly IStore<T>? _knownObjects;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private bool _populated;
    private int _initialPopulationCount;
    private bool _closed;

    /// <param name="keyFunc">How to key an object; <see cref="CacheKeys.MetaNamespaceKey"/> by default.</param>
    /// <param name="knownObjects">The consumer's cache (an informer's indexer): what deletions and resyncs are checked against.</param>
    public DeltaFIFO(Func<T, string>? keyFunc = null, IStore<T>? knownObjects = null)
    {
        _keyOf = keyFunc ?? (obj => CacheKeys.MetaNamespaceKey(obj));
        _knownObjects = knownObjects;
    }

    /// <summary>True once the first list has been popped in full (see the remarks).</summary>
    public bool HasSynced
    {
        get
        {
            lock (_lock) return HasSyncedLocked;
        }
    }

    public bool IsClosed
    {
        get
        {
            lock (_lock) return _closed;
        }
    }

    /// <summary>How many objects have pending changes.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _items.Count;
        }
    }

    private bool HasSyncedLocked => _populated && _initialPopulationCount == 0;

    /// <summary>The key of an object, a tombstone, or the newest object of some deltas.</summary>
    public string KeyOf(object obj) => obj switch
    {
        null => throw new ArgumentNullException(nameof(obj)),
        Deltas<T> deltas => deltas.Newest is { } newest ? KeyOf(newest.Object) : throw new ArgumentException("empty deltas have no key", nameof(obj)),
        IDeletedFinalStateUnknown tombstone => tombstone.Key,
        T item => _keyOf(item),
        _ => throw new ArgumentException($"expected a {typeof(T).Name}, got {obj.GetType().Name}", nameof(obj)),
    };

    public void Add(T obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        lock (_lock)
        {
            _populated = true;
            QueueAction(DeltaType.Added, obj);
        }
    }

    public void Update(T obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        lock (_lock)
        {
            _populated = true;
            QueueAction(DeltaType.Updated, obj);
        }
    }

    /// <summary>Queues a deletion, unless neither the queue nor the known objects have the object.</summary>
    public void Delete(T obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        string key = _keyOf(obj);
        lock (_lock)
        {
            _populated = true;
            bool queued = _items.ContainsKey(key);
            bool known = _knownObjects?.GetByKey(key) is not null;
            if (!queued && !known) return;
            QueueAction(DeltaType.Deleted, obj);
        }
    }

    public void Replace(IEnumerable<T> items, string resourceVersion)
    {
        if (items is null) throw new ArgumentNullException(nameof(items));
        lock (_lock)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (item is null) throw new ArgumentException("the list holds a null object", nameof(items));
                string key = _keyOf(item);
                listed.Add(key);
                QueueAction(DeltaType.Replaced, item);
            }

            // Objects queued (perhaps never yet seen by the consumer) that the list no longer has.
            foreach (string key in _items.Keys.ToList())
            {
                if (listed.Contains(key) || _knownObjects?.GetByKey(key) is not null) continue;
                if (NewestState(_items[key]) is { } last) QueueAction(DeltaType.Deleted, new DeletedFinalStateUnknown<T>(key, last));
            }

            // Objects the consumer holds that the list no longer has.
            if (_knownObjects is not null)
            {
                foreach (string key in _knownObjects.ListKeys())
                {
                    if (listed.Contains(key)) continue;
                    var last = (_items.TryGetValue(key, out var pending) ? NewestState(pending) : null) ?? _knownObjects.GetByKey(key);
                    if (last is not null) QueueAction(DeltaType.Deleted, new DeletedFinalStateUnknown<T>(key, last));
                }
            }

            if (!_populated)
            {
                _populated = true;
                _initialPopulationCount = _queue.Count;
            }
        }
    }

    /// <summary>Queues a <see cref="DeltaType.Sync"/> for each known object that has no pending change.</summary>
    public void Resync()
    {
        lock (_lock)
        {
            if (_knownObjects is null) return;
            foreach (string key in _knownObjects.ListKeys())
            {
                if (_items.ContainsKey(key)) continue;
                if (_knownObjects.GetByKey(key) is { } obj) QueueAction(DeltaType.Sync, obj);
            }
        }
    }

    /// <summary>
    /// Waits for an object with pending changes, removes them from the queue and passes them to
    /// <paramref name="process"/> (with whether they belong to the first list), under the queue's lock.
    /// If <paramref name="process"/> throws, the changes are dropped and the exception propagates.
    /// </summary>
    /// <exception cref="FifoClosedException">The queue was closed and is empty.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public async Task<Deltas<T>> PopAsync(Action<Deltas<T>, bool> process, CancellationToken cancellationToken = default)
    {
        if (process is null) throw new ArgumentNullException(nameof(process));
        while (true)
        {
            lock (_lock)
            {
                while (_queue.Count > 0)
                {
                    string key = _queue.Dequeue();
                    bool isInInitialList = !HasSyncedLocked;
                    if (_initialPopulationCount > 0) _initialPopulationCount--;
                    if (!_items.TryGetValue(key, out var deltas)) continue;
                    _items.Remove(key);
                    process(deltas, isInInitialList);
                    return deltas;
                }
                if (_closed) throw new FifoClosedException();
            }
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes and fails pending and future pops once the queue is empty.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            Signal();
        }
    }

    /// <summary>The keys with pending changes, in queue order.</summary>
    public IReadOnlyList<string> ListKeys()
    {
        lock (_lock) return _queue.Where(_items.ContainsKey).ToArray();
    }

    /// <summary>A copy of the pending changes of one object, or null.</summary>
    public Deltas<T>? GetByKey(string key)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        lock (_lock) return _items.TryGetValue(key, out var deltas) ? deltas.Copy() : null;
    }

    private void QueueAction(DeltaType type, object obj)
    {
        string key = KeyOf(obj);
        var delta = new Delta<T>(type, obj);
        if (_items.TryGetValue(key, out var deltas))
        {
            deltas.Items.Add(delta);
            CollapseDeletions(deltas.Items);
        }
        else
        {
            _items.Add(key, new Deltas<T>(new List<Delta<T>> { delta }));
            _queue.Enqueue(key);
        }
        Signal();
    }

    /// <summary>Two deletions in a row are one; keep the one that knows the final state.</summary>
    private static void CollapseDeletions(List<Delta<T>> deltas)
    {
        int n = deltas.Count;
        if (n < 2) return;
        var previous = deltas[n - 2];
        var last = deltas[n - 1];
        if (previous.Type != DeltaType.Deleted || last.Type != DeltaType.Deleted) return;
        var kept = last.Object is IDeletedFinalStateUnknown ? previous : last;
        deltas.RemoveRange(n - 2, 2);
        deltas.Add(kept);
    }

    private static T? NewestState(Deltas<T> deltas) => deltas.Newest?.Object switch
    {
        T obj => obj,
        DeletedFinalStateUnknown<T> tombstone => tombstone.Obj,
        _ => null,
    };

    /// <summary>Lets one waiting pop look again. Called under the lock, so the count never exceeds 1.</summary>
    private void Signal()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }
}
