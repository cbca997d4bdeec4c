namespace Kube.Client.Operations;

/// <summary>Why a rollout verb could not go on.</summary>
public enum RolloutFailure
{
    /// <summary>A Deployment's Progressing condition says it exceeded its progress deadline (reason ProgressDeadlineExceeded).</summary>
    ProgressDeadlineExceeded,

    /// <summary>The object's revision is not the one that was asked to be waited for.</summary>
    RevisionChanged,

    /// <summary>The update strategy has no rollout to follow (OnDelete).</summary>
    StrategyNotRollingUpdate,

    /// <summary>The object was deleted while it was being waited for.</summary>
    Deleted,

    /// <summary>A paused Deployment cannot be restarted or rolled back until it is resumed.</summary>
    Paused,

    /// <summary>The revision to roll back to is not in the history, or there is no earlier one.</summary>
    RevisionNotFound,
}
