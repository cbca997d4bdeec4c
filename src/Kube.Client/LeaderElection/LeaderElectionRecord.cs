using System;

namespace Kube.Client.LeaderElection;

/// <summary>
/// The state of an election as stored in its lock object (for a Lease, its spec). Two records are
/// equal when every field is: a candidate that sees the record change knows the holder is alive.
/// </summary>
public sealed record LeaderElectionRecord
{
    /// <summary>Who holds the lock; empty when nobody does (after a release).</summary>
    public string HolderIdentity { get; init; } = "";

    /// <summary>How long others must see the record unchanged before they may take the lock.</summary>
    public int LeaseDurationSeconds { get; init; }

    /// <summary>When the current holder acquired the lock.</summary>
    public DateTimeOffset? AcquireTime { get; init; }

    /// <summary>When the current holder last renewed the lock, by the holder's clock.</summary>
    public DateTimeOffset? RenewTime { get; init; }

    /// <summary>How many times the lock changed hands.</summary>
    public int LeaderTransitions { get; init; }
}
