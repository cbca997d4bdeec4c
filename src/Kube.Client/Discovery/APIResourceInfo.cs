using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models.MetaV1;
using Kube.Client.Schema;

namespace Kube.Client.Discovery;

/// <summary>
/// One resource as discovery serves it, with the group and version it is served under filled in
/// (a bare <see cref="APIResource"/> leaves them to its list). One row of <c>kubectl api-resources</c>.
/// Immutable.
/// </summary>
public sealed class APIResourceInfo
{
    private static readonly IReadOnlyList<string> None = Array.Empty<string>();

    public APIResourceInfo(
        GroupVersion groupVersion,
        string name,
        string kind,
        bool namespaced,
        string? singularName = null,
        IEnumerable<string>? shortNames = null,
        IEnumerable<string>? verbs = null,
        IEnumerable<string>? categories = null,
        GroupVersion? kindGroupVersion = null,
        string? storageVersionHash = null)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A resource needs a name.", nameof(name));
        if (string.IsNullOrEmpty(kind)) throw new ArgumentException($"Resource '{name}' in {groupVersion} has no kind.", nameof(kind));
        GroupVersion = groupVersion;
        Name = name;
        Kind = kind;
        Namespaced = namespaced;
        ServerSingularName = string.IsNullOrEmpty(singularName) ? null : singularName;
        ShortNames = ToList(shortNames);
        Verbs = ToList(verbs);
        Categories = ToList(categories);
        KindGroupVersion = kindGroupVersion ?? groupVersion;
        StorageVersionHash = string.IsNullOrEmpty(storageVersionHash) ? null : storageVersionHash;
    }

    /// <summary>Reads one entry of the APIResourceList served for <paramref name="groupVersion"/>.</summary>
    public static APIResourceInfo FromDiscovery(GroupVersion groupVersion, APIResource resource)
    {
        if (resource is null) throw new ArgumentNullException(nameof(resource));
        if (string.IsNullOrEmpty(resource.Name))
            throw new FormatException($"The resource list of {groupVersion} has an entry without a name.");
        if (string.IsNullOrEmpty(resource.Kind))
            throw new FormatException($"Resource '{resource.Name}' in the resource list of {groupVersion} has no kind.");
        GroupVersion? kindGroupVersion = null;
        if (!string.IsNullOrEmpty(resource.Group) || !string.IsNullOrEmpty(resource.Version))
            kindGroupVersion = new GroupVersion(resource.Group ?? groupVersion.Group, string.IsNullOrEmpty(resource.Version) ? groupVersion.Version : resource.Version!);
        return new APIResourceInfo(groupVersion, resource.Name!, resource.Kind!, resource.Namespaced ?? false, resource.SingularName,
            resource.ShortNames, resource.Verbs, resource.Categories, kindGroupVersion, resource.StorageVersionHash);
    }

    /// <summary>The group and version this resource is served under.</summary>
    public GroupVersion GroupVersion { get; }

    /// <summary>The API group; "" for the core (legacy) group.</summary>
    public string Group => GroupVersion.Group;

    public string Version => GroupVersion.Version;

    /// <summary>"v1" or "apps/v1": the apiVersion of this resource's objects.</summary>
    public string ApiVersion => GroupVersion.ApiVersion;

    /// <summary>The plural resource name used in URLs ("deployments"); "deployments/scale" for a subresource.</summary>
    public string Name { get; }

    /// <summary>The kind of the objects ("Deployment"); for a subresource, the kind it takes and returns ("Scale").</summary>
    public string Kind { get; }

    /// <summary>True for namespaced resources, false for cluster-scoped ones.</summary>
    public bool Namespaced { get; }

    /// <summary>
    /// The singular name: the server's, or else the lower-cased kind, which is what kubectl
    /// assumes for servers that leave it empty (every built-in resource of Kubernetes 1.20).
    /// </summary>
    public string SingularName => ServerSingularName ?? Kind.ToLowerInvariant();

    /// <summary>The singular name exactly as the server sent it; null when it sent none.</summary>
    public string? ServerSingularName { get; }

    /// <summary>Short names such as "deploy" or "po"; empty when there are none.</summary>
    public IReadOnlyList<string> ShortNames { get; }

    /// <summary>The verbs the resource supports (get, list, watch, create...); empty when none.</summary>
    public IReadOnlyList<string> Verbs { get; }

    /// <summary>Categories the resource belongs to, such as "all"; empty when none.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Group and version of <see cref="Kind"/>; differs from <see cref="GroupVersion"/> only for some subresources (autoscaling/v1 Scale).</summary>
    public GroupVersion KindGroupVersion { get; }

    public string? StorageVersionHash { get; }

    /// <summary>True for subresources such as "pods/status" (their name holds a '/').</summary>
    public bool IsSubresource => Name.IndexOf('/') >= 0;

    public GroupVersionResource GroupVersionResource => GroupVersion.WithResource(Name);

    public GroupResource GroupResource => new(Group, Name);

    public GroupVersionKind GroupVersionKind => KindGroupVersion.WithKind(Kind);

    /// <summary>"deployments.apps", or "pods" for the core group: kubectl's -o name form.</summary>
    public string FullName => Group.Length == 0 ? Name : Name + "." + Group;

    public bool SupportsVerb(string verb) => Verbs.Contains(verb, StringComparer.OrdinalIgnoreCase);

    public bool InCategory(string category) => Categories.Contains(category, StringComparer.OrdinalIgnoreCase);

    public override string ToString() => FullName + "/" + Version;

    private static IReadOnlyList<string> ToList(IEnumerable<string>? values)
    {
        if (values is null) return None;
        var list = values.Where(v => !string.IsNullOrEmpty(v)).ToArray();
        return list.Length == 0 ? None : list;
    }
}
