using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Controllers;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Kube.Client.WorkQueue;
using Xunit;
using KubeController = Kube.Client.Controllers.Controller;

namespace Kube.Client.Tests.Controllers;

public class ControllerTests
{
    private static SharedIndexInformer<ConfigMap> Informer(FakeApiServer server) =>
        new(server, default, null, FastRetries.Informer());

    /// <summary>Retries without delay, so tests count attempts rather than wait for backoff.</summary>
    private static IWorkQueueRateLimiter<string> NoDelay() => new ItemExponentialFailureRateLimiter<string>(TimeSpan.Zero, TimeSpan.Zero);

    [Fact]
    public async Task Reconciles_each_key_after_the_caches_synced_and_again_after_changes()
    {
        var server = new FakeApiServer();
        server.Create("a", "1");
        server.Create("b", "1");
        var informer = Informer(server);
        var seen = new ConcurrentQueue<(string Key, bool Synced)>();
        var controller = new KubeController((key, _) =>
        {
            seen.Enqueue((key, informer.HasSynced));
            return Task.CompletedTask;
        });
        controller.Watch(informer);
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(cts.Token);
        await Poll.UntilAsync(() => seen.Count == 2, "both keys");
        Assert.All(seen, s => Assert.True(s.Synced));
        Assert.Equal(new[] { "default/a", "default/b" }, seen.Select(s => s.Key).OrderBy(k => k));

        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        server.Delete("a");
        await Poll.UntilAsync(() => seen.Count == 3, "the deleted key");
        Assert.Equal("default/a", seen.Last().Key);
        cts.Cancel();
        await run;
        Assert.True(controller.Queue.ShuttingDown);
    }

    [Fact]
    public async Task A_failing_key_is_retried_up_to_max_retries_then_reported_and_forgotten()
    {
        var server = new FakeApiServer();
        server.Create("bad", "1");
        server.Create("good", "1");
        var informer = Informer(server);
        var attempts = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<ReconcileFailure>();
        var controller = new KubeController((key, _) =>
        {
            attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (key == "default/bad") throw new InvalidOperationException("boom");
            return Task.CompletedTask;
        }, new ControllerOptions { MaxRetries = 3, RateLimiter = NoDelay(), OnReconcileError = failures.Enqueue });
        controller.Watch(informer);
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(cts.Token);
        await Poll.UntilAsync(() => failures.Count == 4, "four failures");
        await Task.Delay(200);
        Assert.Equal(4, attempts["default/bad"]);
        Assert.Equal(1, attempts["default/good"]);
        Assert.Equal(new[] { true, true, true, false }, failures.Select(f => f.WillRetry));
        Assert.Equal(new[] { 1, 2, 3, 4 }, failures.Select(f => f.Attempt));
        Assert.Equal(0, controller.Queue.NumRequeues("default/bad"));

        // Forgotten, not dead: a change brings the key back with a fresh budget.
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        server.Update("bad", "2");
        await Poll.UntilAsync(() => failures.Count == 8, "a fresh round of retries");
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task Several_workers_reconcile_different_keys_at_the_same_time_but_never_one_key_twice_at_once()
    {
        var server = new FakeApiServer();
        for (int i = 0; i < 4; i++) server.Create("cm" + i, "1");
        var informer = Informer(server);
        int running = 0, most = 0;
        var inFlight = new ConcurrentDictionary<string, int>();
        bool overlapped = false;
        using var release = new SemaphoreSlim(0);
        var controller = new KubeController(async (key, ct) =>
        {
            if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1) overlapped = true;
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await release.WaitAsync(ct);
            Interlocked.Decrement(ref running);
            inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
        }, new ControllerOptions { Workers = 3 });
        controller.Watch(informer);
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(cts.Token);
        await Poll.UntilAsync(() => Volatile.Read(ref running) == 3, "three keys at once");
        // The same key changed while it is being reconciled waits for Done.
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        foreach (var key in inFlight.Where(k => k.Value > 0).Select(k => k.Key.Split('/')[1]).ToList()) server.Update(key, "2");
        release.Release(20);
        await Poll.UntilAsync(() => controller.Queue.Length == 0 && controller.Queue.InFlight == 0 && Volatile.Read(ref running) == 0, "the queue to drain");
        Assert.Equal(3, most);
        Assert.False(overlapped);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task Owner_keys_map_a_dependent_to_its_controlling_owner()
    {
        var server = new FakeApiServer();
        var owned = server.Create("dependent", "1");
        var informer = Informer(server);
        var keys = new ConcurrentQueue<string>();
        var controller = new KubeController((key, _) =>
        {
            keys.Enqueue(key);
            return Task.CompletedTask;
        });
        controller.Watch(informer, ControllerKeys.ControllerOwner("Service"));
        Assert.Empty(ControllerKeys.ControllerOwner("Service")(owned));
        var withOwner = new ConfigMap
        {
            Metadata = new ObjectMeta
            {
                Name = "x", Namespace = "ns",
                OwnerReferences = new List<OwnerReference>
                {
                    new() { Kind = "Deployment", Name = "not-controller", Controller = false },
                    new() { Kind = "Service", Name = "web", Controller = true },
                },
            },
        };
        Assert.Equal(new[] { "ns/web" }, ControllerKeys.ControllerOwner("Service")(withOwner));
        Assert.Equal(new[] { "ns/web" }, ControllerKeys.ControllerOwner()(withOwner));
        Assert.Empty(ControllerKeys.ControllerOwner("Deployment")(withOwner));
        Assert.Equal(new[] { "ns/x" }, ControllerKeys.Self(withOwner));
        Assert.Equal(new[] { "ns" }, ControllerKeys.Namespace(withOwner));

        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(cts.Token);
        await Poll.UntilAsync(() => controller.Queue.Length == 0 && server.ActiveWatches == 1, "the sync");
        Assert.Empty(keys);
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task Bad_options_and_a_controller_without_informers_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KubeController((_, _) => Task.CompletedTask, new ControllerOptions { Workers = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KubeController((_, _) => Task.CompletedTask, new ControllerOptions { MaxRetries = -1 }));
        var controller = new KubeController((_, _) => Task.CompletedTask);
        await Assert.ThrowsAsync<InvalidOperationException>(() => controller.RunAsync(CancellationToken.None));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    [Fact]
    public async Task A_controller_on_a_running_shared_informer_resyncs_itself_and_leaves_the_informer_running_without_its_handler()
    {
        var server = new FakeApiServer();
        server.Create("a", "1");
        var informer = Informer(server);
        using var shared = new CancellationTokenSource();
        informer.Start(shared.Token);
        await informer.WaitForCacheSyncAsync(CancellationToken.None);
        var seen = new ConcurrentQueue<string>();
        var controller = new KubeController((key, _) =>
        {
            seen.Enqueue(key);
            return Task.CompletedTask;
        });
        controller.Watch(informer, null, TimeSpan.FromMilliseconds(200));
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(cts.Token);

        // No change after the first reconcile: only the controller's own resync brings the key back.
        await Poll.UntilAsync(() => seen.Count >= 3, "resyncs of the unchanged key");
        Assert.All(seen, k => Assert.Equal("default/a", k));
        cts.Cancel();
        await run;

        Assert.False(informer.IsStopped);
        int count = seen.Count;
        server.Update("a", "2");
        await Task.Delay(300);
        Assert.Equal(count, seen.Count);
        shared.Cancel();
        await informer.Completion;
    }
}
