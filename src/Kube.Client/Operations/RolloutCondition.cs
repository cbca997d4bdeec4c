using System;

namespace Kube.Client.Operations;

/// <summary>A status condition of a rolling object, as it stood when the rollout was judged.</summary>
public sealed class RolloutCondition
{
    public RolloutCondition(string type, string status, string? reason, string? message, DateTimeOffset? lastUpdateTime)
    {
        Type = type;
        Status = status;
        Reason = reason;
        Message = message;
        LastUpdateTime = lastUpdateTime;
    }

    public string Type { get; }

    public string Status { get; }

    public string? Reason { get; }

    public string? Message { get; }

    public DateTimeOffset? LastUpdateTime { get; }

    /// <summary>"Progressing=False (ProgressDeadlineExceeded): ReplicaSet "web-5d8f" has timed out progressing."</summary>
    public override string ToString()
    {
        string text = $"{Type}={Status}";
        if (!string.IsNullOrEmpty(Reason)) text += $" ({Reason})";
        if (!string.IsNullOrEmpty(Message)) text += ": " + Message;
        return text;
    }
}
