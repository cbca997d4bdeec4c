using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Clock;

namespace Kube.Client.LeaderElection;

/// <summary>
/// How a <see cref="LeaderElector"/> campaigns (client-go's LeaderElectionConfig). The defaults
/// are client-go's: a 15 s lease, renewed within 10 s, tried every 2 s.
/// </summary>
public sealed class LeaderElectionConfig
{
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultRenewDeadline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultRetryPeriod = TimeSpan.FromSeconds(2);

    public LeaderElectionConfig(ILeaseLock @lock)
    {
        Lock = @lock ?? throw new ArgumentNullException(nameof(@lock));
    }

    /// <summary>The lock object and this candidate's identity.</summary>
    public ILeaseLock Lock { get; }

    /// <summary>
    /// How long the other candidates wait, from the moment they last saw the lock change, before
    /// they take it over. Stored in the lock in whole seconds (rounded up); at least 1 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;

    /// <summary>
    /// How long the leader keeps trying to renew before it gives up leading. Shorter than
    /// <see cref="LeaseDuration"/>, so that a leader cut off from the server stops before another
    /// candidate may start.
    /// </summary>
    public TimeSpan RenewDeadline { get; set; } = DefaultRenewDeadline;

    /// <summary>
    /// How long candidates wait between attempts (stretched by up to 1.2 times itself while
    /// acquiring, so that candidates do not move in step).
    /// </summary>
    public TimeSpan RetryPeriod { get; set; } = DefaultRetryPeriod;

    /// <summary>
    /// When the elector's token is cancelled while it leads, clear the holder of the lock so that
    /// another candidate takes over at once instead of after <see cref="LeaseDuration"/>. This
    /// happens after the work started by <see cref="OnStartedLeading"/> has ended.
    /// </summary>
    public bool ReleaseOnCancel { get; set; }

    /// <summary>
    /// Required. Runs, on the thread pool, the work to do while leading; its token is cancelled
    /// when leadership ends, and it must then stop. If it throws, the elector stops leading
    /// (releasing with <see cref="ReleaseOnCancel"/>) and <see cref="LeaderElector.RunAsync"/>
    /// throws the same exception. If it returns, the elector keeps leading until cancelled.
    /// </summary>
    public Func<CancellationToken, Task>? OnStartedLeading { get; set; }

    /// <summary>Called when this candidate stops leading, after the work has ended. Not called if it never led.</summary>
    public Action? OnStoppedLeading { get; set; }

    /// <summary>Called with the identity of each new holder this candidate observes, itself included.</summary>
    public Action<string>? OnNewLeader { get; set; }

    /// <summary>Receives what the elector does and why attempts fail, one line each (never credentials).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>
    /// Gets the elector made from this config, so a liveness probe can ask whether leadership is
    /// healthy (client-go's WatchDog and HealthzAdaptor).
    /// </summary>
    public LeaderElectionHealthCheck? WatchDog { get; set; }

    /// <summary>The time source; <see cref="SystemClock"/> when null.</summary>
    public IClock? Clock { get; set; }
}
