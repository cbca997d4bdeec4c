using System;
using System.Diagnostics.CodeAnalysis;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Models;

/// <summary>
/// Finds the metadata of any object (client-go's <c>meta.Accessor</c> and <c>meta.ListAccessor</c>):
/// typed models (<see cref="IKubeResource"/>, <see cref="IKubeList"/>) and unstructured ones
/// (<see cref="Unstructured"/>, <see cref="UnstructuredList"/>) alike.
/// </summary>
public static class ObjectMetaAccessor
{
    /// <summary>The metadata of <paramref name="obj"/>; an empty view when a typed model has no metadata yet.</summary>
    /// <exception cref="ArgumentException">The object is neither a resource model nor an <see cref="Unstructured"/>.</exception>
    public static IObjectMetaAccessor For(object obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        return TryFor(obj, out var meta)
            ? meta
            : throw new ArgumentException($"{obj.GetType().FullName} has no object metadata: expected an {nameof(IKubeResource)} model or an {nameof(Unstructured)}.", nameof(obj));
    }

    public static bool TryFor(object? obj, [NotNullWhen(true)] out IObjectMetaAccessor? meta)
    {
        meta = obj switch
        {
            Unstructured u => u,
            IKubeResource r => (IObjectMetaAccessor?)r.Metadata ?? new ObjectMeta(),
            _ => null,
        };
        return meta is not null;
    }

    /// <summary>The list metadata of <paramref name="list"/>; an empty view when a typed list has none.</summary>
    /// <exception cref="ArgumentException">The object is neither a list model nor an <see cref="UnstructuredList"/>.</exception>
    public static IListMetaAccessor ForList(object list)
    {
        if (list is null) throw new ArgumentNullException(nameof(list));
        return TryForList(list, out var meta)
            ? meta
            : throw new ArgumentException($"{list.GetType().FullName} has no list metadata: expected an {nameof(IKubeList)} model or an {nameof(UnstructuredList)}.", nameof(list));
    }

    public static bool TryForList(object? list, [NotNullWhen(true)] out IListMetaAccessor? meta)
    {
        meta = list switch
        {
            UnstructuredList u => u,
            IKubeList l => (IListMetaAccessor?)l.Metadata ?? new ListMeta(),
            _ => null,
        };
        return meta is not null;
    }

    /// <summary>
    /// The cache key of an object: "namespace/name", or "name" for cluster-scoped objects (client-go's
    /// MetaNamespaceKeyFunc).
    /// </summary>
    /// <exception cref="ArgumentException">The object has no metadata, or no name.</exception>
    public static string MetaNamespaceKey(object obj)
    {
        var meta = For(obj);
        if (string.IsNullOrEmpty(meta.Name))
            throw new ArgumentException($"the {DescribeKind(obj)} has no metadata.name, so it has no key", nameof(obj));
        return string.IsNullOrEmpty(meta.Namespace) ? meta.Name! : meta.Namespace + "/" + meta.Name;
    }

    private static string DescribeKind(object obj)
    {
        try
        {
            return obj is IKubeObject { Kind: { Length: > 0 } kind } ? kind : obj.GetType().Name;
        }
        catch (NestedFieldException)
        {
            return obj.GetType().Name;
        }
    }
}
