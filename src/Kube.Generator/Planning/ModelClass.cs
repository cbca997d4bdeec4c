using System.Collections.Generic;
using Kube.Generator.Spec;

namespace Kube.Generator.Planning;

/// <summary>A model class to generate for one object definition.</summary>
public sealed class ModelClass
{
    public ModelClass(string definitionName, ModelTypeRef type, IReadOnlyList<GroupVersionKindRef> kinds)
    {
        DefinitionName = definitionName;
        Type = type;
        Kinds = kinds;
    }

    public string DefinitionName { get; }
    public ModelTypeRef Type { get; }
    public string Namespace => Type.Namespace;
    public string Name => Type.Name;

    /// <summary>x-kubernetes-group-version-kind, in document order.</summary>
    public IReadOnlyList<GroupVersionKindRef> Kinds { get; }

    /// <summary>The kind when the definition has exactly one; the class then carries it as constants.</summary>
    public GroupVersionKindRef? SingleKind => Kinds.Count == 1 ? Kinds[0] : null;

    public List<ModelProperty> Properties { get; } = new();

    /// <summary>Has string apiVersion and kind: implements IKubeObject.</summary>
    public bool IsKubeObject { get; set; }

    /// <summary>One kind and ObjectMeta metadata: implements IKubeResource.</summary>
    public bool IsResource { get; set; }

    /// <summary>For a list kind (ListMeta metadata and items), the item model: implements IKubeList of it.</summary>
    public ModelClass? ListItem { get; set; }

    /// <summary>For a kind, the list kind holding it (Pod → PodList).</summary>
    public ModelClass? ListClass { get; set; }

    /// <summary>Names of the constants a single-kind class carries, chosen so no property collides with them.</summary>
    public string GroupConstant { get; set; } = "KubeGroup";
    public string VersionConstant { get; set; } = "KubeVersion";
    public string KindConstant { get; set; } = "KubeKind";
    public string ApiVersionConstant { get; set; } = "KubeApiVersion";
}
