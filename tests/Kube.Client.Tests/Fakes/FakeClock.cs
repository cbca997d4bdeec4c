using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Clock;

namespace Kube.Client.Tests.Fakes;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>. Code under test that waits
/// on it registers a waiter; tests wait for the expected waiters before moving time, so each
/// step is deterministic. Woken code runs inline in <see cref="Advance"/> until its next wait.
/// </summary>
public sealed class FakeClock : IClock
{
    private readonly object _gate = new();
    private readonly List<Waiter> _waiters = new();
    private readonly List<(Func<FakeClock, bool> Condition, TaskCompletionSource<bool> Done)> _watches = new();
    private readonly DateTimeOffset _origin;
    private TimeSpan _elapsed;
    private long _registrations;

    public FakeClock(DateTimeOffset? origin = null) => _origin = origin ?? new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public DateTimeOffset UtcNow
    {
        get
        {
            lock (_gate) return _origin + _elapsed;
        }
    }

    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate) return _elapsed;
        }
    }

    /// <summary>The deadlines of the pending waits, earliest first.</summary>
    public IReadOnlyList<TimeSpan> Deadlines
    {
        get
        {
            lock (_gate) return _waiters.Select(w => w.Deadline).OrderBy(d => d).ToList();
        }
    }

    /// <summary>How many waits have been registered so far; each pending wait knows its number.</summary>
    public long Registrations
    {
        get
        {
            lock (_gate) return _registrations;
        }
    }

    /// <summary>The pending waits, in the order they were registered.</summary>
    public IReadOnlyList<PendingWait> Pending
    {
        get
        {
            lock (_gate) return _waiters.Select(w => new PendingWait(w.Deadline, w.RegisteredAt, w.Registration)).ToList();
        }
    }

    public Task DelayUntilAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        Waiter waiter;
        lock (_gate)
        {
            if (deadline <= _elapsed) return Task.CompletedTask;
            waiter = new Waiter(deadline, _elapsed, ++_registrations);
            _waiters.Add(waiter);
        }
        if (cancellationToken.CanBeCanceled)
        {
            waiter.CancellationRegistration = cancellationToken.Register(() =>
            {
                lock (_gate) _waiters.Remove(waiter);
                waiter.Done.TrySetCanceled(cancellationToken);
                CheckWatches();
            });
        }
        CheckWatches();
        return waiter.Done.Task;
    }

    /// <summary>Moves time forward and completes the waits that are due, earliest first.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by));
        List<Waiter> due;
        lock (_gate)
        {
            _elapsed += by;
            due = _waiters.Where(w => w.Deadline <= _elapsed).OrderBy(w => w.Deadline).ToList();
            foreach (var w in due) _waiters.Remove(w);
        }
        foreach (var w in due)
        {
            w.CancellationRegistration.Dispose();
            w.Done.TrySetResult(true);
        }
        CheckWatches();
    }

    /// <summary>Moves time to the earliest pending deadline.</summary>
    public void AdvanceToNextDeadline()
    {
        TimeSpan next;
        lock (_gate)
        {
            if (_waiters.Count == 0) throw new InvalidOperationException("Nothing waits on the clock.");
            next = _waiters.Min(w => w.Deadline);
        }
        Advance(next - Elapsed);
    }

    /// <summary>Waits until exactly <paramref name="count"/> waits are pending.</summary>
    public Task WaitForWaitersAsync(int count, CancellationToken cancellationToken = default) =>
        WaitForAsync(c => c.Deadlines.Count == count, cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds; it is checked whenever the waits change.</summary>
    public Task WaitForAsync(Func<FakeClock, bool> condition, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _watches.Add((condition, done));
        CheckWatches();
        return cancellationToken.CanBeCanceled ? done.Task.WaitAsync(cancellationToken) : done.Task;
    }

    private void CheckWatches()
    {
        List<(Func<FakeClock, bool> Condition, TaskCompletionSource<bool> Done)> watches;
        lock (_gate) watches = _watches.ToList();
        foreach (var watch in watches)
        {
            if (!watch.Condition(this)) continue;
            lock (_gate) _watches.Remove(watch);
            watch.Done.TrySetResult(true);
        }
    }

    private sealed class Waiter
    {
        public Waiter(TimeSpan deadline, TimeSpan registeredAt, long registration)
        {
            Deadline = deadline;
            RegisteredAt = registeredAt;
            Registration = registration;
        }

        public TimeSpan RegisteredAt { get; }

        public TimeSpan Deadline { get; }
        public long Registration { get; }
        // Continuations run inline, on the thread that moves the clock: when Advance returns, the
        // code woken by it has run up to its next real wait, so a test sees its effect at once.
        public TaskCompletionSource<bool> Done { get; } = new();
        public CancellationTokenRegistration CancellationRegistration { get; set; }
    }

    /// <summary>A pending wait: until when, since when, and its number among all registrations.</summary>
    public readonly record struct PendingWait(TimeSpan Deadline, TimeSpan RegisteredAt, long Registration);
}
