using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.WorkQueue;
using Xunit;

namespace Kube.Client.Tests.WorkQueue;

public class WorkQueueTests
{
    /// <summary>Guards against a hang; never an assertion about speed.</summary>
    internal static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    internal static async Task<string> NextAsync(WorkQueue<string> queue)
    {
        var (item, shutdown) = await queue.GetAsync().AsTask().WaitAsync(Hang);
        Assert.False(shutdown, "the queue reported shutdown instead of an item");
        return item;
    }

    [Fact]
    public async Task Items_come_out_in_the_order_they_were_first_added()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("c");

        Assert.Equal("a", await NextAsync(queue));
        Assert.Equal("b", await NextAsync(queue));
        Assert.Equal("c", await NextAsync(queue));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task An_item_added_several_times_before_processing_is_handed_out_once()
    {
        using var queue = new WorkQueue<string>();
        for (int i = 0; i < 5; i++) queue.Add("ns/x");

        Assert.Equal(1, queue.Length);
        Assert.Equal("ns/x", await NextAsync(queue));
        Assert.Equal(0, queue.Length);
        Assert.Equal(1, queue.InFlight);
    }

    [Fact]
    public async Task An_item_added_while_processed_comes_back_only_after_Done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("x");
        Assert.Equal("x", await NextAsync(queue));

        queue.Add("x");
        queue.Add("x");
        var second = queue.GetAsync().AsTask();

        Assert.Equal(0, queue.Length);
        Assert.False(second.IsCompleted, "a second worker got the item while the first still held it");

        queue.Done("x");
        var (item, shutdown) = await second.WaitAsync(Hang);
        Assert.False(shutdown);
        Assert.Equal("x", item);
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task An_item_done_without_being_added_again_does_not_come_back()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("x");
        queue.Done(await NextAsync(queue));

        Assert.Equal(0, queue.Length);
        Assert.Equal(0, queue.InFlight);
    }

    [Fact]
    public async Task Done_for_an_item_that_is_not_processed_changes_nothing()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("x");
        queue.Done("x");
        queue.Done("never-added");

        Assert.Equal(1, queue.Length);
        Assert.Equal("x", await NextAsync(queue));
    }

    [Fact]
    public async Task GetAsync_waits_until_an_item_is_added()
    {
        using var queue = new WorkQueue<string>();
        var get = queue.GetAsync().AsTask();
        Assert.False(get.IsCompleted);

        queue.Add("x");

        Assert.Equal(("x", false), await get.WaitAsync(Hang));
        Assert.Equal(1, queue.InFlight);
    }

    [Fact]
    public async Task Waiting_workers_are_served_in_the_order_they_asked()
    {
        using var queue = new WorkQueue<string>();
        var first = queue.GetAsync().AsTask();
        var second = queue.GetAsync().AsTask();

        queue.Add("a");
        queue.Add("b");

        Assert.Equal("a", (await first.WaitAsync(Hang)).Item);
        Assert.Equal("b", (await second.WaitAsync(Hang)).Item);
    }

    [Fact]
    public async Task A_cancelled_GetAsync_takes_no_item()
    {
        using var queue = new WorkQueue<string>();
        using var cts = new CancellationTokenSource();
        var cancelled = queue.GetAsync(cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Hang));

        queue.Add("x");

        Assert.Equal(1, queue.Length);
        Assert.Equal("x", await NextAsync(queue));
    }

    [Fact]
    public async Task GetAsync_with_a_token_already_cancelled_throws_and_leaves_the_item_queued()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("x");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.GetAsync(new CancellationToken(canceled: true)));

        Assert.Equal(1, queue.Length);
    }

    [Fact]
    public async Task Items_compare_with_the_given_comparer()
    {
        using var queue = new WorkQueue<string>(StringComparer.OrdinalIgnoreCase);
        queue.Add("NS/Name");
        queue.Add("ns/name");

        Assert.Equal(1, queue.Length);
        Assert.Equal("NS/Name", await NextAsync(queue));
    }

    [Fact]
    public async Task ShutDown_releases_waiting_workers_with_the_shutdown_flag()
    {
        var queue = new WorkQueue<string>();
        var waiting = new[] { queue.GetAsync().AsTask(), queue.GetAsync().AsTask() };

        queue.ShutDown();

        foreach (var get in waiting) Assert.True((await get.WaitAsync(Hang)).Shutdown);
        Assert.True(queue.ShuttingDown);
        Assert.True((await queue.GetAsync()).Shutdown);
    }

    [Fact]
    public async Task After_ShutDown_adds_are_ignored_and_queued_items_are_dropped()
    {
        var queue = new WorkQueue<string>();
        queue.Add("queued");

        queue.ShutDown();
        queue.Add("late");

        var (item, shutdown) = await queue.GetAsync();
        Assert.True(shutdown);
        Assert.Null(item);
    }

    [Fact]
    public async Task ShutDown_lets_workers_finish_the_items_they_hold()
    {
        var queue = new WorkQueue<string>();
        queue.Add("x");
        var item = await NextAsync(queue);

        queue.ShutDown();
        queue.Done(item);

        Assert.Equal(0, queue.InFlight);
    }

    [Fact]
    public async Task ShutDownWithDrain_completes_at_once_when_nothing_is_queued_or_processed()
    {
        var queue = new WorkQueue<string>();
        var waiting = queue.GetAsync().AsTask();

        await queue.ShutDownWithDrainAsync().WaitAsync(Hang);

        Assert.True((await waiting.WaitAsync(Hang)).Shutdown);
    }

    [Fact]
    public async Task ShutDownWithDrain_waits_until_in_flight_items_are_done()
    {
        var queue = new WorkQueue<string>();
        queue.Add("x");
        var item = await NextAsync(queue);

        var drain = queue.ShutDownWithDrainAsync();
        Assert.False(drain.IsCompleted);
        Assert.True((await queue.GetAsync()).Shutdown);

        queue.Done(item);
        await drain.WaitAsync(Hang);
    }

    [Fact]
    public async Task ShutDownWithDrain_hands_out_the_queued_items_before_reporting_shutdown()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");

        var drain = queue.ShutDownWithDrainAsync();
        queue.Add("late");

        var a = await NextAsync(queue);
        var b = await NextAsync(queue);
        Assert.Equal(("a", "b"), (a, b));
        Assert.True((await queue.GetAsync()).Shutdown);
        Assert.False(drain.IsCompleted);

        queue.Done(a);
        Assert.False(drain.IsCompleted);
        queue.Done(b);
        await drain.WaitAsync(Hang);
    }

    [Fact]
    public async Task ShutDownWithDrain_processes_an_item_added_while_it_was_processed()
    {
        var queue = new WorkQueue<string>();
        queue.Add("x");
        var item = await NextAsync(queue);
        queue.Add("x");

        var drain = queue.ShutDownWithDrainAsync();
        queue.Done(item);

        Assert.Equal("x", await NextAsync(queue));
        Assert.False(drain.IsCompleted);
        queue.Done("x");
        await drain.WaitAsync(Hang);
    }

    [Fact]
    public async Task ShutDown_during_a_drain_ends_it()
    {
        var queue = new WorkQueue<string>();
        queue.Add("x");
        await NextAsync(queue);
        var drain = queue.ShutDownWithDrainAsync();

        queue.ShutDown();

        await drain.WaitAsync(Hang);
    }

    [Fact]
    public async Task Cancelling_the_drain_wait_throws_but_the_queue_stays_shut_down()
    {
        var queue = new WorkQueue<string>();
        queue.Add("x");
        await NextAsync(queue);
        using var cts = new CancellationTokenSource();

        var drain = queue.ShutDownWithDrainAsync(cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain.WaitAsync(Hang));
        Assert.True(queue.ShuttingDown);
    }

    [Fact]
    public void Null_items_are_refused()
    {
        using var queue = new WorkQueue<string>();
        Assert.Throws<ArgumentNullException>(() => queue.Add(null!));
        Assert.Throws<ArgumentNullException>(() => queue.Done(null!));
    }
}
