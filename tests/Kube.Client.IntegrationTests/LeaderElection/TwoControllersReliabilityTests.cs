using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.IntegrationTests.LeaderElection;

/// <summary>
/// The reliability case: two replicas of a controller with leader election. Only the
/// leader reconciles; when it dies without releasing, the other takes over once the lease has
/// expired, and never while the first was still reconciling.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TwoControllersReliabilityTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);
    private static readonly string[] Keys = { "cm-0", "cm-1", "cm-2", "cm-3" };

    private readonly ITestOutputHelper _output;

    public TwoControllersReliabilityTests(ITestOutputHelper output) => _output = output;

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var hang = new CancellationTokenSource(Hang);
        while (!condition())
        {
            try
            {
                await Task.Delay(50, hang.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"gave up waiting: {what}");
            }
        }
    }

    [Fact]
    public async Task Only_the_leader_reconciles_and_the_other_replica_takes_over_after_the_lease_expires()
    {
        await using var ns = await ScratchNamespace.CreateAsync("workqueue-ctl");
        var journal = new ConcurrentQueue<ReconcileRecord>();
        var replicas = new[]
        {
            new ReconcilingController(await ns.NewClientsetAsync(), ns.Name, "replica-a", journal, LeaseDuration, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1)),
            new ReconcilingController(await ns.NewClientsetAsync(), ns.Name, "replica-b", journal, LeaseDuration, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1)),
        };
        using var feeding = new CancellationTokenSource();
        var feeder = Task.Run(async () =>
        {
            // Informers would deliver every change to every replica; a periodic resync stands in.
            while (!feeding.IsCancellationRequested)
            {
                foreach (var replica in replicas)
                    foreach (var key in Keys) replica.Queue.Add(key);
                try
                {
                    await Task.Delay(200, feeding.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        foreach (var replica in replicas) replica.Contender.Start();
        try
        {
            await Task.WhenAny(replicas.Select(r => r.Contender.Started.Task)).WaitAsync(Hang);
            var leader = replicas.Single(r => r.Contender.Started.Task.IsCompleted);
            var standby = replicas.Single(r => r != leader);
            await WaitUntilAsync(() => journal.Count(r => r.Controller == leader.Id) >= 3 * Keys.Length, "the leader reconciling every key three times");

            Assert.DoesNotContain(journal, r => r.Controller == standby.Id);
            Assert.False(standby.Contender.Elector.IsLeader);
            Assert.Equal(leader.Id, standby.Contender.Elector.GetLeader());

            leader.Contender.Kill();
            DateTimeOffset killedAt = DateTimeOffset.UtcNow;
            await leader.Contender.Run!.WaitAsync(Hang);
            int leaderReconciles = journal.Count(r => r.Controller == leader.Id);

            await WaitUntilAsync(() => Keys.All(k => journal.Any(r => r.Controller == standby.Id && r.Key == k && r.Succeeded)), "the standby reconciling every key");
            var leaderLast = journal.Where(r => r.Controller == leader.Id).Max(r => r.End);
            var standbyFirst = journal.Where(r => r.Controller == standby.Id).Min(r => r.Start);
            _output.WriteLine($"{leaderReconciles} reconciles by {leader.Id}; failover: {standby.Id} reconciled {(standbyFirst - killedAt).TotalSeconds:0.000} s after the kill");

            Assert.Equal(leaderReconciles, journal.Count(r => r.Controller == leader.Id));
            Assert.True(standbyFirst > leaderLast, $"{standby.Id} reconciled at {standbyFirst:O}, before {leader.Id}'s last reconcile ended at {leaderLast:O}");
            Assert.InRange(standbyFirst - killedAt, TimeSpan.Zero, LeaseDuration + TimeSpan.FromSeconds(15));

            var lease = await ns.Clientset.CoordinationV1().Leases(ns.Name).GetAsync("controller-lock");
            Assert.Equal((standby.Id, 1), (lease.Spec!.HolderIdentity, lease.Spec.LeaseTransitions ?? 0));
            foreach (var key in Keys)
            {
                var stamped = await ns.Clientset.CoreV1().ConfigMaps(ns.Name).GetAsync(key);
                Assert.Equal(standby.Id, stamped.Data!["reconciler"]);
                using var seen = await Kubectl.GetJsonAsync(ns.Name, "configmap", key);
                Assert.Equal(standby.Id, seen.RootElement.GetProperty("data").GetProperty("reconciler").GetString());
            }
        }
        finally
        {
            feeding.Cancel();
            await feeder;
            foreach (var replica in replicas) replica.Contender.Kill();
            await Task.WhenAll(replicas.Select(r => r.Contender.Run!)).WaitAsync(Hang);
            foreach (var replica in replicas)
            {
                replica.Queue.ShutDown();
                foreach (var line in replica.Contender.Logs) _output.WriteLine(line);
            }
        }
    }
}
