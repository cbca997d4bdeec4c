using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.LeaderElection;
using Kube.Client.Models.CoordinationV1;
using Kube.Client.Models.MetaV1;
using Xunit;

namespace Kube.Client.Tests.LeaderElection;

public class LeaderElectorTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private readonly Election _election = new();

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>Lease times have microsecond precision.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    private LeaseSpec? StoredSpec => _election.Server.Get(Election.Namespace, Election.LeaseName)?.Spec;

    private Lease HeldBy(string holder, DateTimeOffset renewTime, int transitions = 0) =>
        _election.Server.Put(new Lease
        {
            Metadata = new ObjectMeta { Name = Election.LeaseName, Namespace = Election.Namespace },
            Spec = new LeaseSpec
            {
                HolderIdentity = holder,
                LeaseDurationSeconds = 15,
                AcquireTime = renewTime,
                RenewTime = renewTime,
                LeaseTransitions = transitions,
            },
        });

    [Fact]
    public async Task A_candidate_creates_the_missing_lease_and_leads()
    {
        var a = _election.Add("a").Start();

        await a.Started.Task.WaitAsync(Hang);

        var spec = StoredSpec!;
        Assert.Equal(("a", 15, 0), (spec.HolderIdentity, spec.LeaseDurationSeconds, spec.LeaseTransitions));
        Assert.Equal(_election.Origin, spec.AcquireTime);
        Assert.Equal(_election.Origin, spec.RenewTime);
        Assert.True(a.Elector.IsLeader);
        Assert.Equal("a", a.Elector.GetLeader());
        Assert.Equal(new[] { "a" }, a.NewLeaders);
    }

    [Fact]
    public async Task The_leader_renews_every_retry_period_and_keeps_its_acquire_time()
    {
        var a = _election.Add("a").Start();
        await _election.StepUntilAsync(() => a.Elector.IsLeader, S(1));

        await _election.StepAsync();
        await a.WaitIdleAsync();
        await _election.StepAsync();
        await a.WaitIdleAsync();

        var spec = StoredSpec!;
        Assert.Equal(S(4), _election.Elapsed);
        Assert.Equal(_election.Origin + S(4), spec.RenewTime);
        Assert.Equal(_election.Origin, spec.AcquireTime);
        Assert.Equal(0, spec.LeaseTransitions);
        Assert.Equal(3, _election.Server.Journal.Count(line => line.StartsWith("a PUT", StringComparison.Ordinal) || line.StartsWith("a POST", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_held_lease_is_taken_only_after_its_duration_counted_from_when_it_was_first_seen()
    {
        // The holder's clock is an hour behind ours: its renewTime is never compared with our clock.
        HeldBy("other", _election.Origin - TimeSpan.FromHours(1), transitions: 4);
        var b = _election.Add("b").Start();

        await _election.StepUntilAsync(() => b.Elector.IsLeader, S(60));

        Assert.InRange(_election.Elapsed, S(15), S(15 + 4.4));
        var spec = StoredSpec!;
        Assert.Equal(("b", 5), (spec.HolderIdentity, spec.LeaseTransitions));
        Assert.Equal(Microseconds(_election.UtcNow), spec.AcquireTime);
        Assert.Equal(new[] { "other", "b" }, b.NewLeaders);
        Assert.Contains(b.Logs, l => l.Contains("held by other", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_holder_that_keeps_renewing_is_never_displaced()
    {
        HeldBy("other", _election.Origin);
        var b = _election.Add("b").Start();
        TimeSpan lastRenewal = TimeSpan.Zero;

        await _election.RunForAsync(S(120), () =>
        {
            Assert.False(b.Elector.IsLeader, $"b took a lease renewed at {lastRenewal} at {_election.Elapsed}");
            if (_election.Elapsed - lastRenewal >= S(10))
            {
                lastRenewal = _election.Elapsed;
                _election.Server.Change(Election.Namespace, Election.LeaseName, l => l.Spec!.RenewTime = _election.UtcNow);
            }
        });

        Assert.Equal("other", b.Elector.GetLeader());
        await _election.StepUntilAsync(() => b.Elector.IsLeader, S(60));
        Assert.True(_election.Elapsed >= lastRenewal + S(15), $"b took over at {_election.Elapsed}, before the lease renewed at {lastRenewal} expired");
    }

    [Fact]
    public async Task Only_one_of_several_candidates_leads_and_another_takes_over_after_the_lease_expires()
    {
        var candidates = new[] { _election.Add("a").Start(), _election.Add("b").Start(), _election.Add("c").Start() };

        await _election.RunForAsync(S(30), () =>
            Assert.Single(candidates, c => c.Elector.IsLeader));

        var leader = candidates.Single(c => c.Elector.IsLeader);
        Assert.All(candidates, c => Assert.Equal(leader.Id, c.Elector.GetLeader()));
        Assert.All(candidates, c => Assert.Equal(new[] { leader.Id }, c.NewLeaders));
        Assert.Equal(0, StoredSpec!.LeaseTransitions);

        leader.Cancel();
        await leader.Run!.WaitAsync(Hang);
        var lastRenewal = StoredSpec!.RenewTime!.Value;
        Assert.Equal(leader.Id, StoredSpec.HolderIdentity);
        Assert.False(leader.Elector.IsLeader);
        await leader.Stopped.Task.WaitAsync(Hang);
        await leader.WorkEnded.Task.WaitAsync(Hang);

        var others = candidates.Where(c => c != leader).ToArray();
        await _election.StepUntilAsync(() => others.Any(c => c.Elector.IsLeader), S(60));

        var next = Assert.Single(others, c => c.Elector.IsLeader);
        var spec = StoredSpec!;
        Assert.Equal((next.Id, 1), (spec.HolderIdentity, spec.LeaseTransitions));
        // Not before the lease expired, and at most two jittered retry periods after.
        Assert.InRange(spec.AcquireTime!.Value - lastRenewal, S(15), S(15 + 2 * 4.4));
        await _election.StepUntilAsync(() => others.All(c => c.Elector.GetLeader() == next.Id), S(10));
        Assert.All(others, c => Assert.Equal(next.Id, c.NewLeaders.Last()));
    }

    [Fact]
    public async Task Release_on_cancel_clears_the_holder_after_the_work_ended_and_another_takes_over_at_once()
    {
        var a = _election.Add("a", c => c.ReleaseOnCancel = true).Start();
        await _election.StepUntilAsync(() => a.Elector.IsLeader, S(1));
        var b = _election.Add("b").Start();
        await _election.RunForAsync(S(10), () => Assert.False(b.Elector.IsLeader));

        a.Cancel();
        await a.Run!.WaitAsync(Hang);
        var released = StoredSpec!;
        TimeSpan releasedAt = _election.Elapsed;

        Assert.Equal(("", 1, 0), (released.HolderIdentity, released.LeaseDurationSeconds, released.LeaseTransitions));
        var journal = _election.Server.Journal;
        int workEnded = journal.IndexOf("a work ended");
        int release = journal.FindIndex(l => l.StartsWith("a PUT", StringComparison.Ordinal) && l.EndsWith("holder=", StringComparison.Ordinal));
        int stopped = journal.IndexOf("a stopped leading");
        Assert.True(workEnded >= 0 && workEnded < release && release < stopped, "expected work ended, then release, then stopped:\n" + string.Join("\n", journal));
        Assert.Null(a.Elector.GetLeader());

        await _election.StepUntilAsync(() => b.Elector.IsLeader, S(60));
        Assert.InRange(_election.Elapsed - releasedAt, TimeSpan.Zero, S(4.4));
        Assert.Equal(("b", 1), (StoredSpec!.HolderIdentity, StoredSpec.LeaseTransitions));
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_stops_within_the_renew_deadline_before_the_lease_expires()
    {
        var a = _election.Add("a", c => c.ReleaseOnCancel = true).Start();
        await _election.StepUntilAsync(() => a.Elector.IsLeader, S(1));
        await _election.StepAsync();
        await a.WaitIdleAsync();
        var lastRenewal = _election.Elapsed;

        a.Handler.Partitioned = true;
        await _election.StepUntilAsync(() => a.Run!.IsCompleted, S(60));

        var stoppedAt = await a.Stopped.Task.WaitAsync(Hang);
        var workEnded = await a.WorkEnded.Task.WaitAsync(Hang);
        Assert.True(stoppedAt - lastRenewal >= a.Config.RenewDeadline, $"gave up at {stoppedAt}, less than the renew deadline after the last renewal at {lastRenewal}");
        Assert.True(workEnded - lastRenewal < a.Config.LeaseDuration, $"work ended at {workEnded}, after the lease renewed at {lastRenewal} could expire\n{string.Join("\n", a.Logs)}\n{string.Join("\n", _election.Server.Journal)}");
        Assert.False(a.Elector.IsLeader);
        Assert.Equal("a", StoredSpec!.HolderIdentity);
        Assert.Contains(a.Logs, l => l.Contains("not renewed within", StringComparison.Ordinal));
        await a.Run!;
    }

    [Fact]
    public async Task A_leader_recovers_when_a_renewal_fails_once_within_the_deadline()
    {
        var a = _election.Add("a").Start();
        await _election.StepUntilAsync(() => a.Elector.IsLeader, S(1));

        a.Handler.Partitioned = true;
        await _election.StepAsync();
        await a.WaitIdleAsync();
        a.Handler.Partitioned = false;
        await _election.StepAsync();
        await a.WaitIdleAsync();

        Assert.True(a.Elector.IsLeader);
        Assert.False(a.Stopped.Task.IsCompleted);
        Assert.Equal(Microseconds(_election.UtcNow), StoredSpec!.RenewTime);
    }

    [Fact]
    public async Task A_conflicting_write_is_not_retried_blindly_and_the_winner_keeps_the_lease()
    {
        HeldBy("", _election.Origin);
        bool raced = false;
        _election.Server.BeforeWrite = (client, method) =>
        {
            if (client != "b" || raced) return;
            raced = true;
            _election.Server.Change(Election.Namespace, Election.LeaseName, l =>
            {
                l.Spec!.HolderIdentity = "c";
                l.Spec.LeaseTransitions = 1;
                l.Spec.RenewTime = _election.UtcNow;
            });
        };
        var b = _election.Add("b").Start();

        await _election.StepAsync();
        await b.WaitIdleAsync();

        Assert.True(raced);
        Assert.False(b.Elector.IsLeader);
        Assert.Contains(_election.Server.Journal, l => l.StartsWith("b PUT lease -> 409 holder=c", StringComparison.Ordinal));
        Assert.Contains(b.Logs, l => l.Contains("another candidate changed it first", StringComparison.Ordinal));

        var conflictAt = _election.Elapsed;
        await _election.StepUntilAsync(() => b.Elector.IsLeader, S(60));
        Assert.True(_election.Elapsed - conflictAt >= S(15), "b took the lease from c before it expired");
        Assert.Equal(("b", 2), (StoredSpec!.HolderIdentity, StoredSpec.LeaseTransitions));
        Assert.Equal(new[] { "c", "b" }, b.NewLeaders);
    }

    [Fact]
    public async Task Candidates_racing_to_create_the_lease_make_one_leader()
    {
        _election.Server.BeforeWrite = (client, method) =>
        {
            if (client == "a" && method.Method == "POST" && _election.Server.Get(Election.Namespace, Election.LeaseName) is null)
            {
                HeldBy("b", _election.UtcNow);
            }
        };
        var a = _election.Add("a").Start();

        await _election.StepAsync();
        await a.WaitIdleAsync();

        Assert.False(a.Elector.IsLeader);
        Assert.Contains(_election.Server.Journal, l => l.StartsWith("a POST lease -> 409 holder=b", StringComparison.Ordinal));
        Assert.Equal("b", a.Elector.GetLeader());
    }

    [Fact]
    public async Task Cancelling_before_leading_returns_without_stopped_callbacks()
    {
        HeldBy("other", _election.Origin);
        var b = _election.Add("b").Start();
        await b.WaitIdleAsync();

        b.Cancel();
        await b.Run!.WaitAsync(Hang);

        Assert.False(b.Started.Task.IsCompleted);
        Assert.False(b.Stopped.Task.IsCompleted);
        Assert.Equal("other", StoredSpec!.HolderIdentity);
    }

    [Fact]
    public async Task Work_that_fails_ends_leadership_releases_and_is_rethrown()
    {
        var a = _election.Add("a", c => c.ReleaseOnCancel = true);
        a.Work = _ => Task.FromException(new InvalidOperationException("reconcile crashed"));
        a.Start();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => a.Run!.WaitAsync(Hang));

        Assert.Equal("reconcile crashed", e.Message);
        await a.Stopped.Task.WaitAsync(Hang);
        Assert.False(a.Elector.IsLeader);
        Assert.Equal("", StoredSpec!.HolderIdentity);
    }

    [Fact]
    public async Task Work_that_returns_keeps_the_lease_until_cancelled()
    {
        var a = _election.Add("a");
        a.Work = _ => Task.CompletedTask;
        a.Start();
        await a.WorkEnded.Task.WaitAsync(Hang);

        await _election.RunForAsync(S(20), () => Assert.True(a.Elector.IsLeader));

        Assert.Equal(Microseconds(_election.UtcNow), StoredSpec!.RenewTime);
        a.Cancel();
        await a.Run!.WaitAsync(Hang);
        await a.Stopped.Task.WaitAsync(Hang);
    }

    [Fact]
    public async Task An_elector_runs_one_election_at_a_time_and_can_stand_again()
    {
        var a = _election.Add("a").Start();
        await a.Started.Task.WaitAsync(Hang);

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Elector.RunAsync());

        a.Cancel();
        await a.Run!.WaitAsync(Hang);
        Assert.False(a.Elector.IsLeader);

        // The lease still names "a", which takes it back at once, as the same holder.
        using var again = new CancellationTokenSource();
        var rerun = a.Elector.RunAsync(again.Token);
        await a.Clock.WaitForAsync(c => a.Elector.IsLeader && c.Deadlines.Count == 1).WaitAsync(Hang);
        Assert.Equal(("a", 0), (StoredSpec!.HolderIdentity, StoredSpec.LeaseTransitions));
        Assert.Equal(new[] { "a" }, a.NewLeaders);
        again.Cancel();
        await rerun.WaitAsync(Hang);
    }

    [Fact]
    public void The_configuration_is_checked()
    {
        var server = new Fakes.FakeLeaseServer();
        var clientset = new Clientset(Fakes.TestRest.Create(server.CreateHandler("a")));
        LeaderElectionConfig Config(Action<LeaderElectionConfig> change)
        {
            var config = new LeaderElectionConfig(new LeaseLock(clientset, "ns", "lease", "a")) { OnStartedLeading = _ => Task.CompletedTask };
            change(config);
            return config;
        }

        Assert.Contains("must be greater than RenewDeadline", Assert.Throws<ArgumentException>(() => new LeaderElector(Config(c => c.RenewDeadline = c.LeaseDuration))).Message);
        Assert.Contains("must be greater than 1.2 x RetryPeriod", Assert.Throws<ArgumentException>(() => new LeaderElector(Config(c => c.RetryPeriod = S(9)))).Message);
        Assert.Contains("at least 1 second", Assert.Throws<ArgumentException>(() => new LeaderElector(Config(c => c.LeaseDuration = TimeSpan.FromMilliseconds(500)))).Message);
        Assert.Contains("OnStartedLeading is required", Assert.Throws<ArgumentException>(() => new LeaderElector(Config(c => c.OnStartedLeading = null))).Message);
        Assert.Throws<ArgumentException>(() => new LeaseLock(clientset, "ns", "lease", ""));
        Assert.Throws<ArgumentException>(() => new LeaseLock(clientset, "", "lease", "a"));
        Assert.Throws<ArgumentException>(() => new LeaseLock(clientset.CoordinationV1().Leases(""), "lease", "a"));

        var defaults = new LeaderElectionConfig(new LeaseLock(clientset, "ns", "lease", "a"));
        Assert.Equal((S(15), S(10), S(2), false), (defaults.LeaseDuration, defaults.RenewDeadline, defaults.RetryPeriod, defaults.ReleaseOnCancel));
    }

    [Fact]
    public async Task The_health_check_fails_once_a_leader_has_not_renewed_for_its_lease_duration_plus_the_tolerance()
    {
        var health = new LeaderElectionHealthCheck(S(20));
        Assert.Null(health.Check());
        var a = _election.Add("a", c => c.WatchDog = health).Start();
        await _election.StepUntilAsync(() => a.Elector.IsLeader, S(1));
        Assert.Null(health.Check());

        // The next renewal hangs in a write that ignores its cancellation, as a stuck process would.
        using var hung = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _election.Server.BeforeWrite = (client, _) =>
        {
            if (client != "a") return;
            hung.Set();
            release.Wait(Hang);
        };
        await _election.StepAsync();
        Assert.True(hung.Wait(Hang), "the renewal did not start");
        Assert.True(a.Elector.IsLeader);

        // Renewed last at 0 s; healthy up to the lease duration (15 s) plus the tolerance (20 s).
        _election.Advance(S(35) - _election.Elapsed);
        Assert.Null(health.Check());
        _election.Advance(S(0.5));
        string? problem = health.Check();
        Assert.NotNull(problem);
        Assert.Contains("a leads but last renewed lease", problem);
        Assert.Contains("35.5 s ago", problem);

        release.Set();
        a.Cancel();
        await a.Run!.WaitAsync(Hang);
        Assert.False(a.Elector.IsLeader);
        Assert.Null(health.Check());
    }

    [Fact]
    public void The_health_check_refuses_a_negative_tolerance() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeaderElectionHealthCheck(S(-1)));
}
