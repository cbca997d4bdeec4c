using System;

namespace Kube.Client.Operations;

/// <summary>
/// A rollout that cannot go on: stalled past its progress deadline, paused, deleted, a revision that
/// is not there. <see cref="Condition"/> names the status condition behind a stall.
/// </summary>
public sealed class RolloutException : Exception
{
    public RolloutException(RolloutFailure failure, string message, RolloutCondition? condition = null)
        : base(message)
    {
        Failure = failure;
        Condition = condition;
    }

    public RolloutFailure Failure { get; }

    /// <summary>The condition that says the rollout stalled (Progressing=False, ProgressDeadlineExceeded); null otherwise.</summary>
    public RolloutCondition? Condition { get; }
}
