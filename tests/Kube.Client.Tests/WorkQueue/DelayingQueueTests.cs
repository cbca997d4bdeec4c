using System;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Tests.Fakes;
using Kube.Client.WorkQueue;
using Xunit;
using static Kube.Client.Tests.WorkQueue.WorkQueueTests;

namespace Kube.Client.Tests.WorkQueue;

public class DelayingQueueTests
{
    private readonly FakeClock _clock = new();

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>Waits until the queue's timer sleeps until <paramref name="deadline"/> (elapsed time on the fake clock).</summary>
    private Task TimerSleepsUntil(TimeSpan deadline) =>
        _clock.WaitForAsync(c => c.Deadlines.SequenceEqual(new[] { deadline })).WaitAsync(Hang);

    [Fact]
    public async Task AddAfter_adds_the_item_once_its_delay_has_passed_and_not_before()
    {
        using var queue = new DelayingQueue<string>(_clock);
        queue.AddAfter("x", S(1));
        await TimerSleepsUntil(S(1));

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Length);
        Assert.Equal(1, queue.WaitingLength);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("x", await NextAsync(queue));
        Assert.Equal(0, queue.WaitingLength);
    }

    [Fact]
    public async Task A_zero_or_negative_delay_adds_at_once()
    {
        using var queue = new DelayingQueue<string>(_clock);
        queue.AddAfter("a", TimeSpan.Zero);
        queue.AddAfter("b", S(-1));

        Assert.Equal(2, queue.Length);
        Assert.Equal(0, queue.WaitingLength);
    }

    [Fact]
    public async Task Items_become_ready_in_the_order_of_their_times()
    {
        using var queue = new DelayingQueue<string>(_clock);
        queue.AddAfter("three", S(3));
        queue.AddAfter("one", S(1));
        queue.AddAfter("two", S(2));
        await TimerSleepsUntil(S(1));

        _clock.Advance(S(3));

        Assert.Equal(new[] { "one", "two", "three" }, new[] { await NextAsync(queue), await NextAsync(queue), await NextAsync(queue) });
    }

    [Fact]
    public async Task An_item_waiting_twice_keeps_its_earliest_time()
    {
        using var queue = new DelayingQueue<string>(_clock);
        queue.AddAfter("later-first", S(10));
        queue.AddAfter("later-first", S(1));
        queue.AddAfter("sooner-first", S(2));
        queue.AddAfter("sooner-first", S(20));
        Assert.Equal(2, queue.WaitingLength);
        await TimerSleepsUntil(S(1));

        _clock.Advance(S(1));
        Assert.Equal("later-first", await NextAsync(queue));
        await TimerSleepsUntil(S(2));
        _clock.Advance(S(1));
        Assert.Equal("sooner-first", await NextAsync(queue));

        Assert.Equal(0, queue.WaitingLength);
    }

    [Fact]
    public async Task An_earlier_item_added_while_the_timer_sleeps_wakes_it()
    {
        using var queue = new DelayingQueue<string>(_clock);
        queue.AddAfter("late", S(60));
        await TimerSleepsUntil(S(60));

        queue.AddAfter("soon", S(1));
        await TimerSleepsUntil(S(1));
        _clock.Advance(S(1));

        Assert.Equal("soon", await NextAsync(queue));
        Assert.Equal(1, queue.WaitingLength);
    }

    [Fact]
    public async Task A_delayed_item_that_is_already_queued_is_not_queued_twice()
    {
        using var queue = new DelayingQueue<string>(_clock);
        queue.Add("x");
        queue.AddAfter("x", S(1));
        queue.AddAfter("sentinel", S(1));
        await TimerSleepsUntil(S(1));

        _clock.Advance(S(1));

        // Items due together are added in the order they were delayed: once the sentinel is
        // out, the delayed "x" has been added too.
        Assert.Equal("x", await NextAsync(queue));
        Assert.Equal("sentinel", await NextAsync(queue));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task ShutDown_drops_the_waiting_items_and_stops_the_timer()
    {
        var queue = new DelayingQueue<string>(_clock);
        queue.AddAfter("x", S(1));
        await TimerSleepsUntil(S(1));

        queue.ShutDown();
        await _clock.WaitForWaitersAsync(0).WaitAsync(Hang);
        queue.AddAfter("late", S(1));
        _clock.Advance(S(5));

        Assert.Equal(0, queue.WaitingLength);
        Assert.Equal(0, queue.Length);
        Assert.True((await queue.GetAsync()).Shutdown);
    }

    [Fact]
    public async Task The_real_clock_adds_a_delayed_item_after_its_delay()
    {
        using var queue = new DelayingQueue<string>();
        var before = Kube.Client.Clock.SystemClock.Instance.Elapsed;
        queue.AddAfter("x", TimeSpan.FromMilliseconds(50));

        Assert.Equal("x", await NextAsync(queue));
        Assert.True(Kube.Client.Clock.SystemClock.Instance.Elapsed - before >= TimeSpan.FromMilliseconds(50), "the item came out before its delay");
    }
}
