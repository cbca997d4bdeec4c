using System;
using System.Collections.Generic;
using System.Linq;

namespace Kube.Client.Discovery;

/// <summary>
/// kubectl api-resources' selection: which served resources to show and in what order. Subresources
/// are never shown; the rest must pass every filter that is set, and come sorted by group, then name
/// (ordinal, as kubectl sorts them).
/// </summary>
public sealed class ApiResourceFilter
{
    /// <summary>
    /// True for the names to keep, asked of the plural, the singular, the kind and each short name
    /// (wildcard patterns, in the caller's syntax); null keeps every name.
    /// </summary>
    public Func<string, bool>? Name { get; set; }

    /// <summary>Only this API group ("" for the core group), without case, as kubectl --api-group.</summary>
    public string? ApiGroup { get; set; }

    /// <summary>True: namespaced resources only; false: cluster-scoped ones only; null: both (kubectl --namespaced).</summary>
    public bool? Namespaced { get; set; }

    /// <summary>Only resources that support all these verbs (kubectl --verbs).</summary>
    public IReadOnlyList<string>? Verbs { get; set; }

    /// <summary>Only resources in one of these categories ("all"...), as kubectl --categories.</summary>
    public IReadOnlyList<string>? Categories { get; set; }

    public bool Matches(APIResourceInfo resource)
    {
        if (resource is null) throw new ArgumentNullException(nameof(resource));
        if (resource.IsSubresource) return false;
        if (Name is { } name && !(name(resource.Name) || name(resource.SingularName) || name(resource.Kind) || resource.ShortNames.Any(name))) return false;
        if (ApiGroup is not null && !string.Equals(resource.Group, ApiGroup, StringComparison.OrdinalIgnoreCase)) return false;
        if (Namespaced is bool namespaced && resource.Namespaced != namespaced) return false;
        if (Verbs is not null && !Verbs.All(resource.SupportsVerb)) return false;
        if (Categories is not null && !Categories.Any(resource.InCategory)) return false;
        return true;
    }

    /// <summary>The resources that match, sorted by group, then name.</summary>
    public IEnumerable<APIResourceInfo> Apply(IEnumerable<APIResourceInfo> resources)
    {
        if (resources is null) throw new ArgumentNullException(nameof(resources));
        return resources.Where(Matches)
            .OrderBy(r => r.Group, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal);
    }
}
