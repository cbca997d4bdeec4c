using System;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Tests.Fakes;
using Kube.Client.WorkQueue;
using Xunit;
using static Kube.Client.Tests.WorkQueue.WorkQueueTests;

namespace Kube.Client.Tests.WorkQueue;

public class RateLimitingQueueTests
{
    private readonly FakeClock _clock = new();

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private Task TimerSleepsUntil(TimeSpan deadline) =>
        _clock.WaitForAsync(c => c.Deadlines.SequenceEqual(new[] { deadline })).WaitAsync(Hang);

    [Fact]
    public async Task AddRateLimited_waits_longer_after_each_failure_until_Forget()
    {
        using var queue = new RateLimitingQueue<string>(new ItemExponentialFailureRateLimiter<string>(S(1), S(3600)), _clock);

        queue.AddRateLimited("x");
        await TimerSleepsUntil(S(1));
        _clock.Advance(S(1));
        queue.Done(await NextAsync(queue));

        queue.AddRateLimited("x");
        await TimerSleepsUntil(S(3));
        _clock.Advance(S(1));
        Assert.Equal((0, 1), (queue.Length, queue.WaitingLength));
        _clock.Advance(S(1));
        queue.Done(await NextAsync(queue));
        Assert.Equal(2, queue.NumRequeues("x"));

        queue.Forget("x");
        Assert.Equal(0, queue.NumRequeues("x"));
        queue.AddRateLimited("x");
        await TimerSleepsUntil(S(4));
    }

    [Fact]
    public void Forget_leaves_a_queued_item_queued()
    {
        using var queue = new RateLimitingQueue<string>(clock: _clock);
        queue.Add("x");

        queue.Forget("x");

        Assert.Equal(1, queue.Length);
    }

    [Fact]
    public void AddRateLimited_after_shutdown_counts_no_retry()
    {
        var queue = new RateLimitingQueue<string>(clock: _clock);
        queue.ShutDown();

        queue.AddRateLimited("x");

        Assert.Equal(0, queue.NumRequeues("x"));
        Assert.Equal(0, queue.WaitingLength);
    }

    [Fact]
    public async Task The_default_queue_retries_a_first_failure_after_5_ms()
    {
        using var queue = new RateLimitingQueue<string>(clock: _clock);

        queue.AddRateLimited("x");
        await TimerSleepsUntil(TimeSpan.FromMilliseconds(5));
        _clock.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal("x", await NextAsync(queue));
        Assert.IsType<MaxOfRateLimiter<string>>(queue.RateLimiter);
    }
}
