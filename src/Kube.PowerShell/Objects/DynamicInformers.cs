using System;
using System.Collections.Generic;
using Kube.Client.Cache;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Objects;

/// <summary>Informers over any kind for the informer-backed cmdlets, each with its own scope (managedFields dropped).</summary>
internal static class DynamicInformers
{
    /// <param name="namespace">The namespace of a namespaced kind; null or empty for all namespaces (ignored for cluster-scoped kinds).</param>
    /// <exception cref="ArgumentException">The label selector does not parse.</exception>
    public static SharedIndexInformer<Unstructured> For(
        KubeConnection connection, RestMapping mapping, string? @namespace, string? labelSelector, string? fieldSelector, TimeSpan resync = default)
    {
        string? ns = mapping.Namespaced && !string.IsNullOrEmpty(@namespace) ? @namespace : null;
        var client = connection.Dynamic.Resource(mapping.Resource).Namespace(ns);
        var scope = new ListWatchScope { LabelSelector = labelSelector, FieldSelector = fieldSelector };
        var indexers = new Dictionary<string, IndexFunc<Unstructured>> { [CacheKeys.NamespaceIndex] = obj => CacheKeys.MetaNamespaceIndexFunc(obj) };
        return new SharedIndexInformer<Unstructured>(new DynamicListerWatcher(client, scope), resync, indexers, Options);
    }

    /// <summary>
    /// What every cmdlet informer uses: managedFields are dropped on the way in (as kubectl hides them),
    /// which no cmdlet reads and which would otherwise be the larger part of a cached ConfigMap.
    /// </summary>
    internal static readonly SharedIndexInformerOptions Options = new() { Transform = ObjectTransforms.DropManagedFields };

    /// <summary>Joins field selectors with a comma (all must hold).</summary>
    public static string? CombineFieldSelectors(string? a, string? b) =>
        string.IsNullOrEmpty(a) ? b : string.IsNullOrEmpty(b) ? a : a + "," + b;
}
