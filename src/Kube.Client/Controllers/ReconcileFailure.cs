using System;

namespace Kube.Client.Controllers;

/// <summary>A reconcile that threw, as <see cref="ControllerOptions.OnReconcileError"/> reports it.</summary>
public sealed class ReconcileFailure
{
    public ReconcileFailure(string key, Exception error, int attempt, bool willRetry, TimeSpan? retryAfter)
    {
        Key = key;
        Error = error;
        Attempt = attempt;
        WillRetry = willRetry;
        RetryAfter = retryAfter;
    }

    public string Key { get; }

    public Exception Error { get; }

    /// <summary>Which attempt failed: 1 for the first, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>False when the retries are used up: the key is forgotten until its objects change again.</summary>
    public bool WillRetry { get; }

    /// <summary>How long until the retry, as the rate limiter set it; null when there is none.</summary>
    public TimeSpan? RetryAfter { get; }
}
