using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Schema;

namespace Kube.Client.Discovery;

/// <summary>
/// Some group versions could not be discovered (client-go's ErrGroupDiscoveryFailed): typically
/// an aggregated API whose backing service is down, which answers 503. The rest of discovery
/// is still usable; <see cref="DiscoveredResources"/> carries it.
/// </summary>
public sealed class GroupDiscoveryFailedException : Exception
{
    public GroupDiscoveryFailedException(IReadOnlyDictionary<GroupVersion, Exception> failedGroupVersions)
        : base(Describe(failedGroupVersions), failedGroupVersions.Count == 1 ? failedGroupVersions.Values.First() : null)
    {
        FailedGroupVersions = failedGroupVersions;
    }

    /// <summary>The cause of each failed group version.</summary>
    public IReadOnlyDictionary<GroupVersion, Exception> FailedGroupVersions { get; }

    private static string Describe(IReadOnlyDictionary<GroupVersion, Exception> failed)
    {
        if (failed is null) throw new ArgumentNullException(nameof(failed));
        var parts = failed
            .OrderBy(p => p.Key.ApiVersion, StringComparer.Ordinal)
            .Select(p => $"{p.Key.ApiVersion}: {p.Value.Message}");
        return "unable to retrieve the complete list of server APIs: " + string.Join(", ", parts);
    }
}
