using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models.MetaV1;
using Kube.Client.Schema;

namespace Kube.Client.Discovery;

/// <summary>
/// What a discovery sweep over many group versions found, in the order the server lists its
/// groups. A group version that failed does not fail the sweep: it is left out of
/// <see cref="ResourceLists"/> and <see cref="Resources"/> and its error is kept in
/// <see cref="FailedGroupVersions"/> (its group still appears in <see cref="Groups"/>).
/// Treat the model objects as read-only: cached discovery shares them between callers.
/// </summary>
public sealed class DiscoveredResources
{
    public DiscoveredResources(
        IReadOnlyList<APIGroup> groups,
        IReadOnlyList<APIResourceList> resourceLists,
        IReadOnlyDictionary<GroupVersion, Exception>? failedGroupVersions = null)
    {
        Groups = groups ?? throw new ArgumentNullException(nameof(groups));
        ResourceLists = resourceLists ?? throw new ArgumentNullException(nameof(resourceLists));
        FailedGroupVersions = failedGroupVersions ?? new Dictionary<GroupVersion, Exception>();
        Resources = Flatten(resourceLists);
    }

    /// <summary>Every group the server lists, the core group ("") first when the server has it.</summary>
    public IReadOnlyList<APIGroup> Groups { get; }

    /// <summary>The resource lists, one per group version that answered (and had something to list).</summary>
    public IReadOnlyList<APIResourceList> ResourceLists { get; }

    /// <summary>Every resource of <see cref="ResourceLists"/>, with group and version filled in.</summary>
    public IReadOnlyList<APIResourceInfo> Resources { get; }

    /// <summary>Group versions whose discovery failed, with the reason.</summary>
    public IReadOnlyDictionary<GroupVersion, Exception> FailedGroupVersions { get; }

    /// <summary>True when every group version answered.</summary>
    public bool IsComplete => FailedGroupVersions.Count == 0;

    /// <summary>The failures as one exception (what client-go returns beside partial results); null when complete.</summary>
    public GroupDiscoveryFailedException? Error => IsComplete ? null : new GroupDiscoveryFailedException(FailedGroupVersions);

    /// <summary>Throws <see cref="GroupDiscoveryFailedException"/> when some group version failed.</summary>
    public DiscoveredResources ThrowIfIncomplete()
    {
        if (!IsComplete) throw new GroupDiscoveryFailedException(FailedGroupVersions);
        return this;
    }

    /// <summary>Every "group/version" the server lists (the lines of <c>kubectl api-versions</c>, unsorted).</summary>
    public IEnumerable<GroupVersion> GroupVersions => DiscoverySweep.GroupVersionsOf(Groups);

    private static IReadOnlyList<APIResourceInfo> Flatten(IReadOnlyList<APIResourceList> lists)
    {
        var all = new List<APIResourceInfo>();
        foreach (var list in lists)
        {
            if (list.Resources is null) continue;
            var gv = ParseListGroupVersion(list);
            foreach (var resource in list.Resources)
            {
                // An entry without a name or kind (a misbehaving aggregated API) cannot be used; the rest can.
                if (string.IsNullOrEmpty(resource.Name) || string.IsNullOrEmpty(resource.Kind)) continue;
                all.Add(APIResourceInfo.FromDiscovery(gv, resource));
            }
        }
        return all;
    }

    internal static GroupVersion ParseListGroupVersion(APIResourceList list)
    {
        if (string.IsNullOrEmpty(list.GroupVersion))
            throw new FormatException("An APIResourceList has no groupVersion.");
        return GroupVersion.Parse(list.GroupVersion!);
    }
}
