using System;
using System.Collections.Generic;
using Kube.Client.Schema;

namespace Kube.Client.Mapping;

/// <summary>
/// No resource or kind the server serves matches the name asked for (client-go's
/// NoResourceMatchError and NoKindMatchError). Thrown only after discovery was refreshed once.
/// </summary>
public sealed class NoMatchException : Exception
{
    public NoMatchException(string input, string message, IReadOnlyList<string>? suggestions = null,
        IReadOnlyDictionary<GroupVersion, Exception>? failedGroupVersions = null)
        : base(message)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Suggestions = suggestions ?? Array.Empty<string>();
        FailedGroupVersions = failedGroupVersions ?? new Dictionary<GroupVersion, Exception>();
    }

    /// <summary>The name as it was given ("podz", "Deployment.apps", "cronjobs.v2.batch").</summary>
    public string Input { get; }

    /// <summary>Close names the server does serve ("pods" for "podz"), best first; may be empty.</summary>
    public IReadOnlyList<string> Suggestions { get; }

    /// <summary>Group versions whose discovery failed: the name may be served by one of them.</summary>
    public IReadOnlyDictionary<GroupVersion, Exception> FailedGroupVersions { get; }
}
