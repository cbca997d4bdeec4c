using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.LeaderElection;
using Kube.Client.Tests.Fakes;

namespace Kube.Client.Tests.LeaderElection;

/// <summary>One candidate of an <see cref="Election"/>: an elector over the fake server, with what it reported.</summary>
internal sealed class Candidate
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private readonly Election _election;
    private readonly CancellationTokenSource _cts = new();

    public Candidate(Election election, string id, Action<LeaderElectionConfig>? configure)
    {
        _election = election;
        Id = id;
        Clock = election.NewClock();
        Handler = election.Server.CreateHandler(id);
        var clientset = new Clientset(TestRest.Create(Handler, maxRetries: 0));
        Lock = new TrackingLock(new LeaseLock(clientset, Election.Namespace, Election.LeaseName, id), Clock);
        Config = new LeaderElectionConfig(Lock)
        {
            LeaseDuration = TimeSpan.FromSeconds(15),
            RenewDeadline = TimeSpan.FromSeconds(9),
            RetryPeriod = TimeSpan.FromSeconds(2),
            Clock = Clock,
            OnStartedLeading = WorkAsync,
            OnStoppedLeading = () =>
            {
                election.Server.Note($"{Id} stopped leading");
                Stopped.TrySetResult(Clock.Elapsed);
            },
            OnNewLeader = leader => NewLeaders.Enqueue(leader),
            Log = line => Logs.Enqueue(line),
        };
        configure?.Invoke(Config);
        Elector = new LeaderElector(Config);
    }

    public string Id { get; }
    public FakeClock Clock { get; }
    public FakeLeaseServer.ClientHandler Handler { get; }
    public TrackingLock Lock { get; }
    public LeaderElectionConfig Config { get; }
    public LeaderElector Elector { get; }
    public Task? Run { get; private set; }
    public bool IsRunning => Run is { IsCompleted: false };

    /// <summary>Fake elapsed time when the work started, was cancelled, and leading stopped.</summary>
    public TaskCompletionSource<TimeSpan> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<TimeSpan> WorkEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<TimeSpan> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> NewLeaders { get; } = new();
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>What the work does while leading; replace it before <see cref="Start"/> to test failures.</summary>
    public Func<CancellationToken, Task>? Work { get; set; }

    public Candidate Start()
    {
        Run = Elector.RunAsync(_cts.Token);
        return this;
    }

    public void Cancel() => _cts.Cancel();

    /// <summary>Waits until the elector sleeps on its clock between attempts, or has returned.</summary>
    public async Task WaitIdleAsync()
    {
        if (Run is null) return;
        var idle = Clock.WaitForAsync(IsIdle);
        await Task.WhenAny(idle, Run).WaitAsync(Hang);
    }

    /// <summary>
    /// Idle: no call to the lease in flight, and a sleep between attempts registered since the
    /// last call ended. The renew deadline is the one other wait an elector registers (before a
    /// round of attempts); it is told apart by its length.
    /// </summary>
    private bool IsIdle(FakeClock clock) =>
        Lock.InFlight == 0 &&
        clock.Pending.Any(w => w.Registration > Lock.LastCallEndedAtRegistration && w.Deadline - w.RegisteredAt != Config.RenewDeadline);

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        Started.TrySetResult(Clock.Elapsed);
        try
        {
            if (Work is not null) await Work(cancellationToken);
            else await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            _election.Server.Note($"{Id} work ended");
            WorkEnded.TrySetResult(Clock.Elapsed);
        }
    }
}
