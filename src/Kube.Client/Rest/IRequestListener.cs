namespace Kube.Client.Rest;

/// <summary>
/// Receives what a request has to say besides its result: the server's Warning headers, and a
/// trace of each attempt when <see cref="TraceEnabled"/>. Set one for a stretch of async code with
/// <see cref="RequestListenerScope.Push"/>; a cmdlet turns them into warnings and verbose lines.
/// </summary>
public interface IRequestListener
{
    void OnWarning(string message);

    bool TraceEnabled { get; }

    /// <summary>A trace line; credentials are already redacted.</summary>
    void OnTrace(string message);
}
