namespace Kube.Client.Mapping;

/// <summary>Where objects of a resource live.</summary>
public enum ResourceScope
{
    /// <summary>In a namespace (pods, deployments).</summary>
    Namespaced,

    /// <summary>At cluster level (nodes, namespaces, CRDs).</summary>
    Cluster,
}
