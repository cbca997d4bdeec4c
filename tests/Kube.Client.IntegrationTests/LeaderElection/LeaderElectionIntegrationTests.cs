using System;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.LeaderElection;
using Kube.Client.Models.CoordinationV1;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.IntegrationTests.LeaderElection;

/// <summary>
/// Leader election on a real Lease. Short durations (5 s lease, 4 s renew deadline, 1 s retry)
/// keep the tests brisk while leaving a slow, shared machine a few attempts per renewal; the
/// bounds on takeover times are wide, and what they check is behaviour (waited for the lease to
/// expire, or did not), never speed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LeaderElectionIntegrationTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(1);
    private const string LeaseName = "controller-lock";

    private readonly ITestOutputHelper _output;

    public LeaderElectionIntegrationTests(ITestOutputHelper output) => _output = output;

    private static async Task<Lease> ReadLeaseAsync(ScratchNamespace ns) =>
        await ns.Clientset.CoordinationV1().Leases(ns.Name).GetAsync(LeaseName);

    private async Task<(Contender Leader, Contender Follower)> ElectAsync(Contender a, Contender b)
    {
        var first = await Task.WhenAny(a.Started.Task, b.Started.Task).WaitAsync(Hang);
        var leader = first == a.Started.Task ? a : b;
        var follower = leader == a ? b : a;
        Assert.Equal(leader.Id, await follower.FollowedSomeone.Task.WaitAsync(Hang));
        return (leader, follower);
    }

    private void Dump(params Contender[] contenders)
    {
        foreach (var c in contenders)
            foreach (var line in c.Logs) _output.WriteLine(line);
    }

    private static async Task AssertKubectlSeesAsync(ScratchNamespace ns, string holder, int transitions)
    {
        using var json = await Kubectl.GetJsonAsync(ns.Name, "lease", LeaseName);
        var spec = json.RootElement.GetProperty("spec");
        Assert.Equal(holder, spec.TryGetProperty("holderIdentity", out var h) ? h.GetString() : "");
        Assert.Equal(transitions, spec.TryGetProperty("leaseTransitions", out var t) ? t.GetInt32() : 0);
    }

    [Fact]
    public async Task Of_two_electors_one_leads_and_the_other_takes_over_once_the_killed_leaders_lease_expires()
    {
        await using var ns = await ScratchNamespace.CreateAsync("workqueue-le");
        var a = new Contender(await ns.NewClientsetAsync(), ns.Name, LeaseName, "elector-a", LeaseDuration, RenewDeadline, RetryPeriod, releaseOnCancel: false).Start();
        var b = new Contender(await ns.NewClientsetAsync(), ns.Name, LeaseName, "elector-b", LeaseDuration, RenewDeadline, RetryPeriod, releaseOnCancel: false).Start();
        try
        {
            var (leader, follower) = await ElectAsync(a, b);

            Assert.True(leader.Elector.IsLeader);
            Assert.False(follower.Elector.IsLeader);
            Assert.Equal(leader.Id, follower.Elector.GetLeader());
            Assert.Equal(new[] { leader.Id }, follower.NewLeaders);
            var held = (await ReadLeaseAsync(ns)).Spec!;
            Assert.Equal((leader.Id, 5, 0), (held.HolderIdentity, held.LeaseDurationSeconds, held.LeaseTransitions ?? 0));
            await AssertKubectlSeesAsync(ns, leader.Id, 0);

            leader.Kill();
            await leader.Run!.WaitAsync(Hang);
            DateTimeOffset killedAt = DateTimeOffset.UtcNow;
            var lastRenewal = (await ReadLeaseAsync(ns)).Spec!;
            Assert.Equal(leader.Id, lastRenewal.HolderIdentity);
            Assert.False(leader.Elector.IsLeader);
            Assert.True(leader.Stopped.Task.IsCompleted && leader.WorkEnded.Task.IsCompleted);

            var takenAt = await follower.Started.Task.WaitAsync(Hang);
            var taken = (await ReadLeaseAsync(ns)).Spec!;
            TimeSpan waited = taken.AcquireTime!.Value - lastRenewal.RenewTime!.Value;
            _output.WriteLine($"takeover {waited.TotalSeconds:0.000} s after the last renewal, {(takenAt - killedAt).TotalSeconds:0.000} s after the kill");

            Assert.Equal((follower.Id, 1), (taken.HolderIdentity, taken.LeaseTransitions ?? 0));
            // The follower waited for the lease to expire, counted from its own sighting of the
            // last renewal, and took over within about one lease duration after it (wide bound).
            Assert.InRange(waited, LeaseDuration - TimeSpan.FromMilliseconds(100), LeaseDuration + TimeSpan.FromSeconds(15));
            Assert.Equal(follower.Id, follower.Elector.GetLeader());
            Assert.Equal(new[] { leader.Id, follower.Id }, follower.NewLeaders);
            await AssertKubectlSeesAsync(ns, follower.Id, 1);
        }
        finally
        {
            a.Kill();
            b.Kill();
            await Task.WhenAll(a.Run!, b.Run!).WaitAsync(Hang);
            Dump(a, b);
        }
    }

    [Fact]
    public async Task A_leader_that_releases_on_cancel_hands_the_lease_over_without_waiting_for_it_to_expire()
    {
        // A long lease, so that a takeover after release cannot be mistaken for one after expiry.
        var leaseDuration = TimeSpan.FromSeconds(30);
        await using var ns = await ScratchNamespace.CreateAsync("workqueue-le");
        var a = new Contender(await ns.NewClientsetAsync(), ns.Name, LeaseName, "elector-a", leaseDuration, TimeSpan.FromSeconds(10), RetryPeriod, releaseOnCancel: true).Start();
        var leadingA = await a.Started.Task.WaitAsync(Hang);
        var b = new Contender(await ns.NewClientsetAsync(), ns.Name, LeaseName, "elector-b", leaseDuration, TimeSpan.FromSeconds(10), RetryPeriod, releaseOnCancel: true).Start();
        try
        {
            Assert.Equal("elector-a", await b.FollowedSomeone.Task.WaitAsync(Hang));

            a.Kill();
            await a.Run!.WaitAsync(Hang);
            var releasedAt = await a.Released.Task.WaitAsync(Hang);
            Assert.True(await a.WorkEnded.Task <= releasedAt, "the lease was released before the leader's work ended");
            Assert.False(a.Elector.IsLeader);

            var takenAt = await b.Started.Task.WaitAsync(Hang);
            var taken = (await ReadLeaseAsync(ns)).Spec!;
            _output.WriteLine($"takeover {(takenAt - releasedAt).TotalSeconds:0.000} s after the release");

            Assert.Equal(("elector-b", 1, 30), (taken.HolderIdentity, taken.LeaseTransitions ?? 0, taken.LeaseDurationSeconds ?? 0));
            Assert.True(taken.AcquireTime!.Value - leadingA < leaseDuration, "b waited for a's lease to expire instead of taking the released lease");
            await AssertKubectlSeesAsync(ns, "elector-b", 1);

            b.Kill();
            await b.Run!.WaitAsync(Hang);
            var released = (await ReadLeaseAsync(ns)).Spec!;
            Assert.Equal(("", 1, 1), (released.HolderIdentity ?? "", released.LeaseDurationSeconds ?? 0, released.LeaseTransitions ?? 0));
            await AssertKubectlSeesAsync(ns, "", 1);
        }
        finally
        {
            a.Kill();
            b.Kill();
            await Task.WhenAll(a.Run!, b.Run!).WaitAsync(Hang);
            Dump(a, b);
        }
    }

    [Fact]
    public async Task Several_electors_started_together_agree_on_one_leader()
    {
        await using var ns = await ScratchNamespace.CreateAsync("workqueue-le");
        var contenders = new Contender[4];
        for (int i = 0; i < contenders.Length; i++)
            contenders[i] = new Contender(await ns.NewClientsetAsync(), ns.Name, LeaseName, "elector-" + i,
                LeaderElectionConfig.DefaultLeaseDuration, LeaderElectionConfig.DefaultRenewDeadline, LeaderElectionConfig.DefaultRetryPeriod, releaseOnCancel: true);
        foreach (var c in contenders) c.Start();
        try
        {
            await Task.WhenAny(contenders.Select(c => c.Started.Task)).WaitAsync(Hang);
            var leader = contenders.Single(c => c.Started.Task.IsCompleted);
            foreach (var c in contenders.Where(c => c != leader))
                Assert.Equal(leader.Id, await c.FollowedSomeone.Task.WaitAsync(Hang));

            Assert.Single(contenders, c => c.Elector.IsLeader);
            Assert.All(contenders, c => Assert.Equal(leader.Id, c.Elector.GetLeader()));
            Assert.Equal(leader.Id, (await ReadLeaseAsync(ns)).Spec!.HolderIdentity);
        }
        finally
        {
            foreach (var c in contenders) c.Kill();
            await Task.WhenAll(contenders.Select(c => c.Run!)).WaitAsync(Hang);
            Dump(contenders);
        }
    }
}
