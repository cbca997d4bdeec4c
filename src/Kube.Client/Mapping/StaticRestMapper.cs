using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Discovery;
using Kube.Client.Models.MetaV1;
using Kube.Client.Schema;

namespace Kube.Client.Mapping;

/// <summary>
/// Maps resource names, short names and kinds to resources over one snapshot of discovery
/// (client-go's discovery RESTMapper, wrapped in its priority and short-name expanders), the
/// way kubectl reads its arguments. Names match case-insensitively. When a name matches in
/// several places, the winner is chosen like kubectl: groups in the server's order (the core
/// group first), and within a group the preferred version before the others. Subresources are
/// not mapped. Immutable and thread-safe; <see cref="RestMapper"/> keeps one up to date.
/// </summary>
public sealed class StaticRestMapper
{
    private readonly List<APIResourceInfo> _resources = new();

    /// <param name="discovered">Every version of every group, as <see cref="IDiscoveryClient.ServerGroupsAndResourcesAsync"/> returns it.</param>
    public StaticRestMapper(DiscoveredResources discovered)
    {
        if (discovered is null) throw new ArgumentNullException(nameof(discovered));
        FailedGroupVersions = discovered.FailedGroupVersions;

        var byVersion = discovered.Resources
            .Where(r => !r.IsSubresource)
            .GroupBy(r => r.GroupVersion)
            .ToDictionary(g => g.Key, g => g.ToList());
        foreach (var group in discovered.Groups)
        {
            foreach (var gv in PriorityOrder(group))
            {
                if (byVersion.TryGetValue(gv, out var resources))
                {
                    _resources.AddRange(resources);
                    byVersion.Remove(gv);
                }
            }
        }
    }

    /// <summary>Every mapped resource, in priority order (a resource served in several versions appears once per version).</summary>
    public IReadOnlyList<APIResourceInfo> Resources => _resources;

    /// <summary>Group versions that were missing from the snapshot because their discovery failed.</summary>
    public IReadOnlyDictionary<GroupVersion, Exception> FailedGroupVersions { get; }

    /// <summary>
    /// The resources that <paramref name="input"/> names, best first. Empty group and version
    /// match any; the resource may be a plural, a singular or a short name ("po", "deploy").
    /// </summary>
    public IReadOnlyList<GroupVersionResource> ResourcesFor(GroupVersionResource input) =>
        Match(input).Select(r => r.GroupVersionResource).ToList();

    /// <summary>The best resource for <paramref name="input"/>; throws <see cref="NoMatchException"/> when none.</summary>
    public GroupVersionResource ResourceFor(GroupVersionResource input) => First(input).GroupVersionResource;

    public IReadOnlyList<GroupVersionKind> KindsFor(GroupVersionResource input) =>
        Match(input).Select(KindOf).ToList();

    /// <summary>The kind of the best resource for <paramref name="input"/>; throws <see cref="NoMatchException"/> when none.</summary>
    public GroupVersionKind KindFor(GroupVersionResource input) => KindOf(First(input));

    /// <summary>
    /// The mappings for a group and kind. The group must match exactly ("" is the core group);
    /// the kind matches case-insensitively. With <paramref name="versions"/>, the first of them
    /// that serves the kind wins; without, every version that serves it, preferred first.
    /// </summary>
    public IReadOnlyList<RestMapping> MappingsFor(GroupKind groupKind, params string[] versions)
    {
        groupKind = Checked(groupKind);
        var candidates = _resources
            .Where(r => r.Group == groupKind.Group && string.Equals(r.Kind, groupKind.Kind, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var wanted = (versions ?? Array.Empty<string>()).Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (wanted.Count > 0)
        {
            foreach (var version in wanted)
            {
                var inVersion = candidates.Where(r => r.Version == version).ToList();
                if (inVersion.Count > 0) return inVersion.Select(r => new RestMapping(r)).ToList();
            }
            return Array.Empty<RestMapping>();
        }
        return candidates.Select(r => new RestMapping(r)).ToList();
    }

    /// <summary>The best mapping for a group and kind (see <see cref="MappingsFor"/>); throws <see cref="NoMatchException"/> when none.</summary>
    public RestMapping MappingFor(GroupKind groupKind, params string[] versions)
    {
        groupKind = Checked(groupKind);
        var all = MappingsFor(groupKind, versions);
        if (all.Count > 0) return all[0];
        var wanted = (versions ?? Array.Empty<string>()).Where(v => !string.IsNullOrEmpty(v)).ToList();
        string where = wanted.Count == 0
            ? $"in group \"{groupKind.Group}\""
            : $"in version \"{string.Join("\", \"", wanted.Select(v => new GroupVersion(groupKind.Group, v).ApiVersion))}\"";
        throw Miss(groupKind.ToString(), groupKind.Kind, groupKind.Group, $"no matches for kind \"{groupKind.Kind}\" {where}");
    }

    /// <summary>
    /// Reads a name the way <c>kubectl get NAME</c> does and maps it: "pods", "pod", "po",
    /// "Pod", "deployments.apps", "deploy.apps", "deployment.v1.apps", "Deployment.apps",
    /// "Deployment.v1.apps", "cronjobs.v1beta1.batch". A kind without a group is looked up in
    /// every group. Throws <see cref="NoMatchException"/>, with close names, when nothing matches.
    /// </summary>
    public RestMapping MappingFor(string resourceOrKind)
    {
        if (string.IsNullOrWhiteSpace(resourceOrKind))
            throw new ArgumentException("A resource or kind name is needed (such as \"pods\", \"deploy\" or \"Deployment.apps\").", nameof(resourceOrKind));
        string arg = resourceOrKind.Trim();
        var (fullResource, partialResource) = ResourceArgument.ParseResource(arg);

        // 1. As a resource: fully specified first ("deployments.v1.apps"), then "resource.group".
        if (fullResource is { } full && Match(full) is { Count: > 0 } byFull)
            return WithAlternatives(byFull);
        if (Match(new GroupVersionResource(partialResource.Group, "", partialResource.Resource)) is { Count: > 0 } byResource)
            return WithAlternatives(byResource);

        // 2. As a kind: "Deployment.v1.apps", then "Deployment.apps"; a bare kind in any group.
        var (fullKind, partialKind) = ResourceArgument.ParseKind(arg);
        if (fullKind is { } fk && MappingsFor(fk.GroupKind, fk.Version) is { Count: > 0 } byFullKind)
            return WithAlternatives(byFullKind.Select(m => m.Info).ToList());
        var byKind = _resources
            .Where(r => (partialKind.Group.Length == 0 || r.Group == partialKind.Group) && string.Equals(r.Kind, partialKind.Kind, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (byKind.Count > 0) return WithAlternatives(byKind);

        throw Miss(arg, partialResource.Resource, partialResource.Group, $"the server doesn't have a resource type \"{arg}\"");
    }

    /// <summary>
    /// The resources in a category such as "all" (what <c>kubectl get all</c> lists), each once
    /// at its preferred version, in priority order. Empty when no resource is in the category.
    /// </summary>
    public IReadOnlyList<RestMapping> ExpandCategory(string category)
    {
        if (string.IsNullOrWhiteSpace(category)) throw new ArgumentException("A category name is needed (such as \"all\").", nameof(category));
        var seen = new HashSet<GroupResource>();
        return _resources
            .Where(r => r.InCategory(category.Trim()) && seen.Add(r.GroupResource))
            .Select(r => new RestMapping(r))
            .ToList();
    }

    /// <summary>The singular of a resource name ("pods" → "pod"); throws <see cref="NoMatchException"/> when unknown.</summary>
    public string ResourceSingularizer(string resource) => First(new GroupVersionResource("", "", resource)).SingularName;

    private APIResourceInfo First(GroupVersionResource input)
    {
        var match = Match(input).FirstOrDefault();
        if (match is not null) return match;
        input = new GroupVersionResource(input.Group ?? "", input.Version ?? "", input.Resource ?? "");
        string shown = input.Group.Length == 0 ? input.Resource
            : input.Version.Length == 0 ? input.Resource + "." + input.Group
            : input.Resource + "." + input.Version + "." + input.Group;
        throw Miss(shown, input.Resource, input.Group, $"the server doesn't have a resource type \"{shown}\"");
    }

    /// <summary>
    /// The resources a name matches, best first. A plural or singular name matches as it is;
    /// otherwise it is read as a short name (kubectl's expansion): the first resource in
    /// priority order that has it wins, with resources of other groups that share it after it.
    /// A group given as a prefix ("deploy.app") is completed for short names, as kubectl does.
    /// </summary>
    private List<APIResourceInfo> Match(GroupVersionResource input)
    {
        string resource = (input.Resource ?? "").Trim().ToLowerInvariant();
        string group = (input.Group ?? "").Trim().ToLowerInvariant();
        string version = (input.Version ?? "").Trim();
        if (resource.Length == 0) return new List<APIResourceInfo>();

        bool InGroup(APIResourceInfo r) => group.Length == 0 || r.Group == group;
        bool InVersion(APIResourceInfo r) => version.Length == 0 || r.Version == version;
        bool Named(APIResourceInfo r, string name) => r.Name == name || string.Equals(r.SingularName, name, StringComparison.OrdinalIgnoreCase);

        if (_resources.Any(r => InGroup(r) && Named(r, resource)))
            return _resources.Where(r => InGroup(r) && InVersion(r) && Named(r, resource)).ToList();

        bool HasShortName(APIResourceInfo r) => r.ShortNames.Contains(resource, StringComparer.OrdinalIgnoreCase);
        var owners = _resources.Where(r => InGroup(r) && HasShortName(r)).ToList();
        if (owners.Count == 0 && group.Length > 0)
            owners = _resources.Where(r => r.Group.StartsWith(group, StringComparison.Ordinal) && HasShortName(r)).ToList();

        var matches = new List<APIResourceInfo>();
        var expanded = new HashSet<GroupResource>();
        foreach (var owner in owners)
        {
            if (!expanded.Add(owner.GroupResource)) continue;
            matches.AddRange(_resources.Where(r => r.Group == owner.Group && r.Name == owner.Name && InVersion(r)));
        }
        return matches;
    }

    private static RestMapping WithAlternatives(IReadOnlyList<APIResourceInfo> matches)
    {
        var best = matches[0];
        var seen = new HashSet<string> { best.Group };
        var others = matches.Skip(1).Where(r => seen.Add(r.Group)).ToList();
        return new RestMapping(best, others);
    }

    private static GroupKind Checked(GroupKind groupKind)
    {
        if (string.IsNullOrWhiteSpace(groupKind.Kind))
            throw new ArgumentException("A kind is needed (such as \"Deployment\").", nameof(groupKind));
        return new GroupKind((groupKind.Group ?? "").Trim(), groupKind.Kind.Trim());
    }

    private static GroupVersionKind KindOf(APIResourceInfo r) => new(r.Group, r.Version, r.Kind);

    private NoMatchException Miss(string input, string term, string group, string message)
    {
        var suggestions = NameSuggestions.For(term, group, _resources);
        message = NameSuggestions.Append(message, suggestions);
        if (FailedGroupVersions.Count > 0)
            message += $" (discovery of {string.Join(", ", FailedGroupVersions.Keys.Select(k => k.ApiVersion).OrderBy(k => k, StringComparer.Ordinal))} failed, so it may be served there)";
        return new NoMatchException(input, message, suggestions, FailedGroupVersions);
    }

    private static IEnumerable<GroupVersion> PriorityOrder(APIGroup group)
    {
        string name = group.Name ?? "";
        var versions = (group.Versions ?? new List<GroupVersionForDiscovery>())
            .Where(v => !string.IsNullOrEmpty(v.Version))
            .Select(v => v.Version!)
            .ToList();
        string? preferred = group.PreferredVersion?.Version;
        if (preferred is { Length: > 0 } && versions.Remove(preferred)) versions.Insert(0, preferred);
        return versions.Select(v => new GroupVersion(name, v));
    }
}
