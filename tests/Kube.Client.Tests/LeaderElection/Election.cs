using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Tests.Fakes;

namespace Kube.Client.Tests.LeaderElection;

/// <summary>
/// Candidates on one <see cref="FakeLeaseServer"/>, each with its own fake clock, moved in step.
/// A step waits until every running candidate sleeps on its clock, then moves all clocks to the
/// earliest wake-up: the election advances one event at a time, deterministically.
/// </summary>
internal sealed class Election
{
    public const string Namespace = "ns";
    public const string LeaseName = "lease";

    private readonly List<FakeClock> _clocks = new();

    public Election() => Origin = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public FakeLeaseServer Server { get; } = new();

    public DateTimeOffset Origin { get; }

    public TimeSpan Elapsed { get; private set; }

    public DateTimeOffset UtcNow => Origin + Elapsed;

    public List<Candidate> Candidates { get; } = new();

    public FakeClock NewClock()
    {
        var clock = new FakeClock(Origin);
        clock.Advance(Elapsed);
        _clocks.Add(clock);
        return clock;
    }

    public Candidate Add(string id, Action<Kube.Client.LeaderElection.LeaderElectionConfig>? configure = null)
    {
        var candidate = new Candidate(this, id, configure);
        Candidates.Add(candidate);
        return candidate;
    }

    public void Advance(TimeSpan by)
    {
        Elapsed += by;
        foreach (var clock in _clocks) clock.Advance(by);
    }

    /// <summary>Waits for every running candidate to sleep, then moves time to the earliest wake-up.</summary>
    public async Task StepAsync()
    {
        foreach (var candidate in Candidates) await candidate.WaitIdleAsync();
        var deadlines = Candidates.Where(c => c.IsRunning).SelectMany(c => c.Clock.Deadlines).ToList();
        if (deadlines.Count == 0) throw new InvalidOperationException("No candidate is waiting for time to pass.");
        Server.Note($"step at {Elapsed}: " + string.Join(", ", Candidates.Select(c => c.Id + "=[" + string.Join(" ", c.Clock.Pending.Select(p => $"{p.Deadline.TotalSeconds}/{p.RegisteredAt.TotalSeconds}/#{p.Registration}")) + "] last=" + c.Lock.LastCallEndedAtRegistration)));
        Advance(deadlines.Min() - Elapsed);
    }

    /// <summary>Steps until <paramref name="condition"/> holds after a step; fails past <paramref name="limit"/> of fake time.</summary>
    public async Task StepUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        TimeSpan end = Elapsed + limit;
        foreach (var candidate in Candidates) await candidate.WaitIdleAsync();
        while (!condition())
        {
            if (Elapsed > end) throw new TimeoutException($"the condition did not hold within {limit} of fake time (at {Elapsed}); journal:\n{string.Join("\n", Server.Journal)}");
            await StepAsync();
            foreach (var candidate in Candidates) await candidate.WaitIdleAsync();
        }
    }

    /// <summary>Steps through <paramref name="duration"/> of fake time, checking <paramref name="invariant"/> whenever all candidates sleep.</summary>
    public async Task RunForAsync(TimeSpan duration, Action invariant)
    {
        TimeSpan end = Elapsed + duration;
        while (true)
        {
            foreach (var candidate in Candidates) await candidate.WaitIdleAsync();
            invariant();
            if (Elapsed >= end) return;
            await StepAsync();
        }
    }
}
