namespace Kube.Client.Printing;

/// <summary>What each row of a server-rendered table carries of its object (meta.k8s.io/v1 IncludeObjectPolicy).</summary>
public enum IncludeObjectPolicy
{
    /// <summary>The whole object, as a plain read would return it.</summary>
    Object,

    /// <summary>Its metadata only (a PartialObjectMetadata): enough to match a row to an object read before.</summary>
    Metadata,

    /// <summary>Nothing: the cells alone.</summary>
    None,
}
