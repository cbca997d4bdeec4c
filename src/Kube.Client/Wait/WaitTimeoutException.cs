using System;

namespace Kube.Client.Wait;

/// <summary>A wait through <see cref="ResourceWaiter"/> ran out of time: which object, for what, and what was last seen of it.</summary>
public sealed class WaitTimeoutException : TimeoutException
{
    public WaitTimeoutException(string what, string key, WaitCondition condition, TimeSpan timeout, string lastSeen)
        : base($"Timed out after {timeout.TotalSeconds:0.###} s waiting for {what} {condition.Goal}; last seen: {lastSeen}.")
    {
        Key = key;
        Condition = condition;
        Timeout = timeout;
        LastSeen = lastSeen;
    }

    /// <summary>"namespace/name" or "name".</summary>
    public string Key { get; }

    public WaitCondition Condition { get; }

    public TimeSpan Timeout { get; }

    /// <summary>What the condition saw last ("phase Pending", "still present (terminating)"), or the last error from the server.</summary>
    public string LastSeen { get; }
}
