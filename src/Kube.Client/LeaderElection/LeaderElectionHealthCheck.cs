using System;
using System.Threading;

namespace Kube.Client.LeaderElection;

/// <summary>
/// A liveness check on leader election (client-go's HealthzAdaptor): set it as the
/// <see cref="LeaderElectionConfig.WatchDog"/>, and call <see cref="Check"/> from the probe. It
/// fails when the elector leads but has not renewed the lease for its duration plus
/// <see cref="MaxTolerableExpiredLease"/>: another candidate may lead by then, so this process
/// should be restarted. Healthy before an elector is attached and while not leading. The elector
/// made last from the config is the one checked.
/// </summary>
public sealed class LeaderElectionHealthCheck
{
    private LeaderElector? _elector;

    /// <param name="maxTolerableExpiredLease">How long past the lease's expiry a leader may go without renewing (kube-controller-manager uses 20 s).</param>
    public LeaderElectionHealthCheck(TimeSpan maxTolerableExpiredLease)
    {
        if (maxTolerableExpiredLease < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(maxTolerableExpiredLease), maxTolerableExpiredLease, "cannot be negative");
        MaxTolerableExpiredLease = maxTolerableExpiredLease;
    }

    public TimeSpan MaxTolerableExpiredLease { get; }

    /// <summary>Null while healthy; otherwise what is wrong.</summary>
    public string? Check() => Volatile.Read(ref _elector)?.Check(MaxTolerableExpiredLease);

    /// <summary>The elector made last from the config is the one checked (a controller run again makes a new one).</summary>
    internal void Attach(LeaderElector elector) => Volatile.Write(ref _elector, elector);
}
