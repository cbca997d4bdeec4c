using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.WorkQueue;
using Xunit;

namespace Kube.Client.Tests.WorkQueue;

/// <summary>Many producers and workers at once; the assertions are on invariants, never on timings.</summary>
public class WorkQueueConcurrencyTests
{
    private const int Keys = 8;
    private const int Producers = 4;
    private const int AddsPerProducer = 5_000;
    private const int Workers = 8;

    [Fact]
    public async Task Many_workers_never_hold_the_same_item_at_once_and_every_add_is_processed_after_it()
    {
        var queue = new WorkQueue<string>();
        string[] keys = Enumerable.Range(0, Keys).Select(i => "ns/key-" + i).ToArray();
        var addVersions = new int[Keys];
        var seenVersions = new int[Keys];
        var holders = new int[Keys];
        var overlaps = 0;
        var processed = 0;
        var errors = new ConcurrentQueue<Exception>();

        async Task WorkerAsync(int seed)
        {
            var random = new Random(seed);
            while (true)
            {
                var (key, shutdown) = await queue.GetAsync();
                if (shutdown) return;
                try
                {
                    int index = int.Parse(key.Substring("ns/key-".Length));
                    if (Interlocked.Increment(ref holders[index]) != 1) Interlocked.Increment(ref overlaps);
                    // The version read here is the newest add this processing run accounts for.
                    Volatile.Write(ref seenVersions[index], Volatile.Read(ref addVersions[index]));
                    // Hold some items a while, so that producers often add what a worker holds.
                    int pause = random.Next(8);
                    if (pause == 0) await Task.Delay(1);
                    else if (pause < 4) await Task.Yield();
                    Interlocked.Decrement(ref holders[index]);
                    Interlocked.Increment(ref processed);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
                finally
                {
                    queue.Done(key);
                }
            }
        }

        void Produce(int seed)
        {
            var random = new Random(seed);
            for (int i = 0; i < AddsPerProducer; i++)
            {
                int index = random.Next(Keys);
                Interlocked.Increment(ref addVersions[index]);
                queue.Add(keys[index]);
                if (random.Next(64) == 0) Thread.Yield();
            }
        }

        var workers = Enumerable.Range(0, Workers).Select(i => Task.Run(() => WorkerAsync(i))).ToArray();
        await Task.WhenAll(Enumerable.Range(0, Producers).Select(i => Task.Run(() => Produce(100 + i)))).WaitAsync(TimeSpan.FromMinutes(2));
        await queue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Empty(errors);
        Assert.Equal(0, overlaps);
        Assert.Equal(addVersions, seenVersions);
        Assert.InRange(processed, Keys, Producers * AddsPerProducer);
        Assert.Equal(0, queue.Length);
        Assert.Equal(0, queue.InFlight);
    }

    [Fact]
    public async Task Cancelled_waits_racing_with_adds_lose_no_item()
    {
        var queue = new WorkQueue<int>();
        const int Items = 2_000;
        var received = new ConcurrentBag<int>();
        var count = 0;
        var all = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var takers = Enumerable.Range(0, 4).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            while (true)
            {
                using var cts = new CancellationTokenSource();
                var get = queue.GetAsync(cts.Token).AsTask();
                if (random.Next(2) == 0) cts.Cancel();
                try
                {
                    var (item, shutdown) = await get;
                    if (shutdown) return;
                    received.Add(item);
                    queue.Done(item);
                    if (Interlocked.Increment(ref count) == Items) all.TrySetResult(true);
                }
                catch (OperationCanceledException)
                {
                }
            }
        })).ToArray();
        var adder = Task.Run(() =>
        {
            for (int i = 0; i < Items; i++) queue.Add(i);
        });

        await adder.WaitAsync(TimeSpan.FromMinutes(2));
        await all.Task.WaitAsync(TimeSpan.FromMinutes(2));
        queue.ShutDown();
        await Task.WhenAll(takers).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Enumerable.Range(0, Items), received.OrderBy(i => i));
    }
}
