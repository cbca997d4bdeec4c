using System;
using Kube.Client.LeaderElection;
using Kube.Client.WorkQueue;

namespace Kube.Client.Controllers;

/// <summary>How a <see cref="Controller"/> runs its workers and retries.</summary>
public sealed class ControllerOptions
{
    /// <summary>For messages and the default lease identity.</summary>
    public string Name { get; set; } = "controller";

    /// <summary>How many keys are reconciled at the same time (never the same key twice at once).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>
    /// How many times a failed key is retried (rate-limited) before it is given up and forgotten; 0 never
    /// retries. client-go's examples use 5.
    /// </summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The retry policy; client-go's default controller limiter when null.</summary>
    public IWorkQueueRateLimiter<string>? RateLimiter { get; set; }

    /// <summary>Gets every failed reconcile, with whether it will be retried. Called from a worker; must not throw.</summary>
    public Action<ReconcileFailure>? OnReconcileError { get; set; }

    /// <summary>Gets each key after a reconcile succeeded. Called from a worker; must not throw.</summary>
    public Action<string>? OnReconciled { get; set; }

    /// <summary>
    /// When set, only the candidate that holds this lease reconciles: the informers run (and keys queue)
    /// on every candidate, so a new leader starts with warm caches. The controller sets the config's
    /// <see cref="LeaderElectionConfig.OnStartedLeading"/>; after losing the lease it campaigns again.
    /// </summary>
    public LeaderElectionConfig? LeaderElection { get; set; }

    /// <summary>Receives what the controller does, one line each.</summary>
    public Action<string>? Log { get; set; }

    internal void Validate()
    {
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "a controller needs at least one worker");
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "cannot be negative (0 never retries)");
    }
}
