using System.Collections.Generic;
using System.Linq;
using Kube.Client.Discovery;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Tests.Mapping;

/// <summary>Small hand-made discovery results for the mapper's corner cases.</summary>
public static class SyntheticDiscovery
{
    public static APIGroup Group(string name, string preferred, params string[] versions) => new()
    {
        Name = name,
        Versions = versions.Select(v => Version(name, v)).ToList(),
        PreferredVersion = Version(name, preferred),
    };

    public static APIResourceList List(string groupVersion, params APIResource[] resources) =>
        new() { GroupVersion = groupVersion, Resources = resources.ToList() };

    public static APIResource Resource(string name, string kind, bool namespaced = true, string singular = "", string[]? shortNames = null, string[]? categories = null) => new()
    {
        Name = name,
        Kind = kind,
        Namespaced = namespaced,
        SingularName = singular,
        ShortNames = shortNames?.ToList(),
        Categories = categories?.ToList(),
        Verbs = new List<string> { "get", "list" },
    };

    public static DiscoveredResources Of(IReadOnlyList<APIGroup> groups, params APIResourceList[] lists) => new(groups, lists);

    private static GroupVersionForDiscovery Version(string group, string version) =>
        new() { GroupVersion = group.Length == 0 ? version : group + "/" + version, Version = version };
}
