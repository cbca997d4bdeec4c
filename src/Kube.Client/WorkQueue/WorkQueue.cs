using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;

namespace Kube.Client.WorkQueue;

/// <summary>
/// A work queue for controllers (client-go's util/workqueue): producers <see cref="Add"/> keys,
/// workers take them with <see cref="GetAsync"/>, reconcile, and call <see cref="Done"/>.
/// </summary>
/// <remarks>
/// <para>What every caller may rely on; all members are thread-safe:</para>
/// <list type="bullet">
/// <item><description><b>Deduplication.</b> An item added several times before a worker takes it
/// is handed out once. Items are compared with <see cref="Comparer"/>, so use keys with value
/// equality (such as "namespace/name" strings), never objects that change.</description></item>
/// <item><description><b>Never twice at once.</b> An item is handed to at most one worker at a
/// time. Added again while a worker holds it, it is marked dirty and queued only when that worker
/// calls <see cref="Done"/>; it is then handed out once, however often it was added meanwhile.
/// </description></item>
/// <item><description><b>Order.</b> Items are handed out in the order they were first added
/// (re-queued items go to the back on <see cref="Done"/>), and waiting workers are served in the
/// order they called <see cref="GetAsync"/>.</description></item>
/// <item><description><b>Done is required.</b> Every item handed out must be given back with
/// <see cref="Done"/>, even when processing fails (then re-add it, usually rate-limited); an item
/// never given back is never handed out again. <see cref="Done"/> for an item not being
/// processed does nothing.</description></item>
/// <item><description><b>Shutdown.</b> Both kinds of shutdown ignore later adds. After
/// <see cref="ShutDown"/>, <see cref="GetAsync"/> reports shutdown at once, to every worker, and
/// the items still queued are dropped. After <see cref="ShutDownWithDrainAsync"/>, workers keep
/// receiving the items already queued (and those that come back on <see cref="Done"/>) and see
/// shutdown once the queue is empty; the returned task completes when nothing is queued or being
/// processed.</description></item>
/// <item><description><b>Cancellation.</b> A <see cref="GetAsync"/> cancelled while waiting takes
/// no item: nothing is lost to a cancelled worker.</description></item>
/// </list>
/// </remarks>
public class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly object _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty;
    private readonly HashSet<T> _processing;
    private readonly LinkedList<TaskCompletionSource<(T Item, bool Shutdown)>> _waiters = new();
    private TaskCompletionSource<bool>? _drained;
    private bool _shuttingDown;
    private bool _draining;

    public WorkQueue(IEqualityComparer<T>? comparer = null)
    {
        Comparer = comparer ?? EqualityComparer<T>.Default;
        _dirty = new HashSet<T>(Comparer);
        _processing = new HashSet<T>(Comparer);
    }

    /// <summary>How items are told apart for deduplication.</summary>
    public IEqualityComparer<T> Comparer { get; }

    /// <summary>How many items wait to be handed out (not counting those being processed).</summary>
    public int Length
    {
        get
        {
            lock (_gate) return _queue.Count;
        }
    }

    /// <summary>How many items are handed out and not yet <see cref="Done"/>.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate) return _processing.Count;
        }
    }

    /// <summary>True once either kind of shutdown has begun.</summary>
    public bool ShuttingDown
    {
        get
        {
            lock (_gate) return _shuttingDown;
        }
    }

    /// <summary>Queues <paramref name="item"/> unless it is already queued; ignored after shutdown.</summary>
    public void Add(T item)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(item)) return;
            if (_processing.Contains(item)) return;
            _queue.Enqueue(item);
            DispatchLocked();
        }
    }

    /// <summary>
    /// Takes the next item, waiting for one if the queue is empty. Returns
    /// <c>Shutdown = true</c> (and no item) once the queue shuts down; the worker should then
    /// stop. Call <see cref="Done"/> with the item when finished with it.
    /// </summary>
    /// <exception cref="OperationCanceledException">The wait was cancelled; no item was taken.</exception>
    public ValueTask<(T Item, bool Shutdown)> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
            return new ValueTask<(T, bool)>(Task.FromCanceled<(T, bool)>(cancellationToken));

        TaskCompletionSource<(T Item, bool Shutdown)> waiter;
        LinkedListNode<TaskCompletionSource<(T Item, bool Shutdown)>> node;
        lock (_gate)
        {
            if (_queue.Count > 0 && (!_shuttingDown || _draining)) return new ValueTask<(T, bool)>(TakeLocked());
            if (_shuttingDown) return new ValueTask<(T, bool)>((default!, true));
            waiter = new TaskCompletionSource<(T Item, bool Shutdown)>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }
        if (!cancellationToken.CanBeCanceled) return new ValueTask<(T, bool)>(waiter.Task);
        return new ValueTask<(T, bool)>(WaitAsync(node, cancellationToken));
    }

    private async Task<(T Item, bool Shutdown)> WaitAsync(LinkedListNode<TaskCompletionSource<(T Item, bool Shutdown)>> node, CancellationToken cancellationToken)
    {
        // Whoever completes the waiter first wins: a hand-off (under the lock) or the cancellation.
        using (cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (node.List is not null) _waiters.Remove(node);
            }
            node.Value.TrySetCanceled(cancellationToken);
        }))
        {
            return await node.Value.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Marks <paramref name="item"/> as no longer being processed. If it was added again while
    /// processed, it goes back on the queue now.
    /// </summary>
    public void Done(T item)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        lock (_gate)
        {
            if (!_processing.Remove(item)) return;
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                DispatchLocked();
            }
            CompleteDrainIfIdleLocked();
        }
    }

    /// <summary>
    /// Shuts down at once: later adds are ignored, queued items are dropped, and every
    /// <see cref="GetAsync"/> (waiting or future) reports shutdown. Workers still finish and
    /// <see cref="Done"/> the items they hold.
    /// </summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            _draining = false;
            ReleaseWaitersLocked();
            _drained?.TrySetResult(true);
        }
        OnShuttingDown();
    }

    /// <summary>
    /// Shuts down after the work already accepted: later adds are ignored, workers keep receiving
    /// the queued items, and the task completes once nothing is queued or being processed (or at
    /// once after <see cref="ShutDown"/>). Cancelling the wait does not stop the drain.
    /// </summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        Task drained;
        lock (_gate)
        {
            if (_shuttingDown && !_draining) return Task.CompletedTask;
            _shuttingDown = true;
            _draining = true;
            _drained ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_queue.Count == 0) ReleaseWaitersLocked();
            CompleteDrainIfIdleLocked();
            drained = _drained.Task;
        }
        OnShuttingDown();
        return drained.WithCancellation(cancellationToken);
    }

    /// <summary>Same as <see cref="ShutDown"/>.</summary>
    public void Dispose()
    {
        ShutDown();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called once per shutdown call, after the queue has stopped accepting items.</summary>
    protected virtual void OnShuttingDown()
    {
    }

    private (T Item, bool Shutdown) TakeLocked()
    {
        T item = _queue.Dequeue();
        _processing.Add(item);
        _dirty.Remove(item);
        return (item, false);
    }

    private void DispatchLocked()
    {
        while (_queue.Count > 0 && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            // A waiter cancelled at this very moment refuses the item, which stays queued for the next.
            if (first.Value.TrySetResult((_queue.Peek(), false))) TakeLocked();
        }
    }

    private void ReleaseWaitersLocked()
    {
        while (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            first.Value.TrySetResult((default!, true));
        }
    }

    private void CompleteDrainIfIdleLocked()
    {
        if (_draining && _queue.Count == 0 && _processing.Count == 0) _drained?.TrySetResult(true);
    }
}
