using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Clock;

namespace Kube.Client.WorkQueue;

/// <summary>
/// A <see cref="WorkQueue{T}"/> that can also add an item later (client-go's delaying queue), to
/// retry after a backoff or to requeue after a period.
/// </summary>
/// <remarks>
/// Besides the guarantees of <see cref="WorkQueue{T}"/>: an item given to
/// <see cref="AddAfter"/> is added once its delay has passed on <see cref="Clock"/>, never before;
/// an item waiting several times keeps only its earliest time; and shutdown drops the waiting
/// items and stops the timer. Items whose times have come are added in time order.
/// </remarks>
public class DelayingQueue<T> : WorkQueue<T>
    where T : notnull
{
    private readonly object _timerGate = new();
    private readonly ReadyTimeHeap<T> _waiting;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource<bool>? _wake;
    private bool _stopped;

    /// <param name="clock">The time source; <see cref="SystemClock"/> when null.</param>
    /// <param name="comparer">How items are told apart.</param>
    public DelayingQueue(IClock? clock = null, IEqualityComparer<T>? comparer = null)
        : base(comparer)
    {
        Clock = clock ?? SystemClock.Instance;
        _waiting = new ReadyTimeHeap<T>(Comparer);
        _ = Task.Run(RunTimerAsync);
    }

    public IClock Clock { get; }

    /// <summary>How many items wait for their delay to pass.</summary>
    public int WaitingLength
    {
        get
        {
            lock (_timerGate) return _waiting.Count;
        }
    }

    /// <summary>
    /// Adds <paramref name="item"/> once <paramref name="delay"/> has passed (at once when it is
    /// zero or negative). If the item already waits for an earlier time, that time stays.
    /// Ignored after shutdown.
    /// </summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        if (ShuttingDown) return;
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        TimeSpan readyAt = Clock.Elapsed + delay;
        lock (_timerGate)
        {
            if (_stopped) return;
            if (_waiting.AddOrAdvance(item, readyAt)) _wake?.TrySetResult(true);
        }
    }

    protected override void OnShuttingDown()
    {
        lock (_timerGate)
        {
            if (_stopped) return;
            _stopped = true;
            _waiting.Clear();
            _wake?.TrySetResult(true);
        }
        _stop.Cancel();
        base.OnShuttingDown();
    }

    private async Task RunTimerAsync()
    {
        var ready = new List<T>();
        while (true)
        {
            TimeSpan? next;
            TaskCompletionSource<bool> wake;
            lock (_timerGate)
            {
                if (_stopped) return;
                TimeSpan now = Clock.Elapsed;
                while (_waiting.Count > 0 && _waiting.FirstReadyAt <= now) ready.Add(_waiting.RemoveFirst());
                next = _waiting.Count > 0 ? _waiting.FirstReadyAt : null;
                // Woken by an item that became the earliest, or by shutdown.
                _wake = wake = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            foreach (var item in ready) Add(item);
            ready.Clear();

            if (next is null)
            {
                await wake.Task.ConfigureAwait(false);
                continue;
            }
            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            Task timer = Clock.DelayUntilAsync(next.Value, sleep.Token);
            await Task.WhenAny(timer, wake.Task).ConfigureAwait(false);
            sleep.Cancel();
        }
    }
}
