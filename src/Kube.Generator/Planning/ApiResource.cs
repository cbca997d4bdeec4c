using System.Collections.Generic;

namespace Kube.Generator.Planning;

/// <summary>A resource of one group version ("pods" in v1) and what its API supports.</summary>
public sealed class ApiResource
{
    public ApiResource(ApiGroupVersion groupVersion, string plural, bool namespaced, ModelClass model, ModelClass? list, string pascalPlural)
    {
        GroupVersion = groupVersion;
        Plural = plural;
        Namespaced = namespaced;
        Model = model;
        List = list;
        PascalPlural = pascalPlural;
    }

    public ApiGroupVersion GroupVersion { get; }

    /// <summary>The resource's path segment ("pods", "customresourcedefinitions").</summary>
    public string Plural { get; }

    public bool Namespaced { get; }

    public ModelClass Model { get; }

    /// <summary>The list kind; null for resources the API cannot list (they get NoList&lt;T&gt;).</summary>
    public ModelClass? List { get; }

    /// <summary>client-go's name for the resource accessor: Pods, ConfigMaps, Endpoints.</summary>
    public string PascalPlural { get; }

    public string ClientName => PascalPlural + "Client";

    /// <summary>Supported verbs among list, watch, get, create, update, patch, delete, deletecollection.</summary>
    public SortedSet<string> Verbs { get; } = new(System.StringComparer.Ordinal);

    public SortedDictionary<string, ApiSubresource> Subresources { get; } = new(System.StringComparer.Ordinal);
}
