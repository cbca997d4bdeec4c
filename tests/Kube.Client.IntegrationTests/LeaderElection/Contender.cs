using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.LeaderElection;

namespace Kube.Client.IntegrationTests.LeaderElection;

/// <summary>A candidate on the real cluster, with what its callbacks reported and when (wall clock).</summary>
internal sealed class Contender
{
    private readonly CancellationTokenSource _cts = new();

    public Contender(Clientset clientset, string @namespace, string lease, string id, TimeSpan leaseDuration, TimeSpan renewDeadline, TimeSpan retryPeriod,
        bool releaseOnCancel, Func<CancellationToken, Task>? work = null)
    {
        Id = id;
        Config = new LeaderElectionConfig(new LeaseLock(clientset, @namespace, lease, id))
        {
            LeaseDuration = leaseDuration,
            RenewDeadline = renewDeadline,
            RetryPeriod = retryPeriod,
            ReleaseOnCancel = releaseOnCancel,
            OnStartedLeading = async ct =>
            {
                Started.TrySetResult(DateTimeOffset.UtcNow);
                try
                {
                    await (work ?? (c => Task.Delay(Timeout.Infinite, c)))(ct);
                }
                finally
                {
                    WorkEnded.TrySetResult(DateTimeOffset.UtcNow);
                }
            },
            OnStoppedLeading = () => Stopped.TrySetResult(DateTimeOffset.UtcNow),
            OnNewLeader = leader =>
            {
                NewLeaders.Enqueue(leader);
                if (leader != id) FollowedSomeone.TrySetResult(leader);
            },
            Log = line =>
            {
                Logs.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
                if (line.Contains("released lease", StringComparison.Ordinal)) Released.TrySetResult(DateTimeOffset.UtcNow);
            },
        };
        Elector = new LeaderElector(Config);
    }

    public string Id { get; }
    public LeaderElectionConfig Config { get; }
    public LeaderElector Elector { get; }
    public Task? Run { get; private set; }

    public TaskCompletionSource<DateTimeOffset> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<DateTimeOffset> WorkEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<DateTimeOffset> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<DateTimeOffset> Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<string> FollowedSomeone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public ConcurrentQueue<string> NewLeaders { get; } = new();
    public ConcurrentQueue<string> Logs { get; } = new();

    public Contender Start()
    {
        Run = Elector.RunAsync(_cts.Token);
        return this;
    }

    /// <summary>Stops it as a crash would: no more renewals, work cancelled; released only with ReleaseOnCancel.</summary>
    public void Kill() => _cts.Cancel();
}
