using System;
using System.Collections.Generic;
using Kube.Client.Discovery;
using Kube.Client.Schema;

namespace Kube.Client.Mapping;

/// <summary>
/// Where a kind lives on the server (client-go's meta.RESTMapping): the resource to request,
/// the kind of its objects, and whether it is namespaced. Immutable.
/// </summary>
public sealed class RestMapping
{
    private static readonly IReadOnlyList<APIResourceInfo> NoAlternatives = Array.Empty<APIResourceInfo>();

    public RestMapping(APIResourceInfo resource, IReadOnlyList<APIResourceInfo>? alternatives = null)
    {
        Info = resource ?? throw new ArgumentNullException(nameof(resource));
        Alternatives = alternatives ?? NoAlternatives;
    }

    /// <summary>Everything discovery says about the resource (verbs, short names, categories...).</summary>
    public APIResourceInfo Info { get; }

    /// <summary>The group, version and plural resource name to request.</summary>
    public GroupVersionResource Resource => Info.GroupVersionResource;

    /// <summary>The group, version and kind of the objects (with the server's spelling of the kind).</summary>
    public GroupVersionKind GroupVersionKind => new(Info.Group, Info.Version, Info.Kind);

    public ResourceScope Scope => Info.Namespaced ? ResourceScope.Namespaced : ResourceScope.Cluster;

    public bool Namespaced => Info.Namespaced;

    /// <summary>
    /// Resources of other groups that the same name also matched, in priority order (each at its
    /// preferred version). The mapping above won as kubectl would choose: core group first, then
    /// the groups in the order the server lists them. Empty when the name was unambiguous.
    /// </summary>
    public IReadOnlyList<APIResourceInfo> Alternatives { get; }

    public override string ToString() => $"{Resource} ({GroupVersionKind.ApiVersion}, Kind={Info.Kind}, {Scope})";
}
