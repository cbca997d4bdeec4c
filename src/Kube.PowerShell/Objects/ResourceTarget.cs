using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Objects;

/// <summary>
/// Where a change goes: the REST mapping of the object's kind, the dynamic client of its resource
/// in the right namespace, and the text -WhatIf and -Confirm show ("ConfigMap/app in namespace team-a").
/// </summary>
public sealed class ResourceTarget
{
    private ResourceTarget(RestMapping mapping, DynamicResourceClient client, string? name, string? @namespace)
    {
        Mapping = mapping;
        Client = client;
        Name = name;
        Namespace = @namespace;
    }

    public RestMapping Mapping { get; }

    public DynamicResourceClient Client { get; }

    /// <summary>The object's name; null for a create with metadata.generateName only.</summary>
    public string? Name { get; }

    /// <summary>The namespace of a namespaced resource; null for a cluster-scoped one.</summary>
    public string? Namespace { get; }

    public string Kind => Mapping.GroupVersionKind.Kind;

    public string Description =>
        Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Name} in namespace {Namespace}";

    public override string ToString() => Description;

    /// <summary>
    /// The target of an object as written: its apiVersion and kind name the resource; a namespaced
    /// object without metadata.namespace goes to <paramref name="namespaceParameter"/> or else the
    /// context's namespace, and gets it written into its metadata. A cluster-scoped kind loses any
    /// metadata.namespace, which the server would ignore anyway.
    /// </summary>
    /// <exception cref="FormatException">No apiVersion or kind, or a malformed apiVersion.</exception>
    /// <exception cref="NoMatchException">The server serves no such kind.</exception>
    /// <exception cref="ArgumentException">The object names another namespace than -Namespace.</exception>
    public static async Task<ResourceTarget> ForObjectAsync(KubeConnection connection, Unstructured obj, string? namespaceParameter, CancellationToken cancellationToken)
    {
        var mapping = await KindResolver.ResolveAsync(connection, obj.GetGroupVersionKind(), cancellationToken).ConfigureAwait(false);
        string? ns = null;
        if (mapping.Namespaced)
        {
            string? own = obj.Namespace;
            if (!string.IsNullOrEmpty(own) && !string.IsNullOrEmpty(namespaceParameter) && own != namespaceParameter)
                throw new ArgumentException($"the {obj.Kind} {obj.Name} names namespace \"{own}\", but -Namespace is \"{namespaceParameter}\"; remove one of them or make them agree");
            ns = !string.IsNullOrEmpty(own) ? own : !string.IsNullOrEmpty(namespaceParameter) ? namespaceParameter : connection.DefaultNamespace;
            obj.SetNestedField(ns, "metadata", "namespace");
        }
        else
        {
            obj.RemoveNestedField("metadata", "namespace");
        }
        string? name = !string.IsNullOrEmpty(obj.Name) ? obj.Name : obj.GenerateName is { Length: > 0 } g ? g + "*" : null;
        return new ResourceTarget(mapping, connection.Dynamic.Resource(mapping.Resource).Namespace(ns), name, ns);
    }

    /// <summary>The target named by -Kind (any name kubectl accepts), -ApiVersion, -Name and -Namespace.</summary>
    public static async Task<ResourceTarget> ForNameAsync(KubeConnection connection, string kind, string? apiVersion, string name, string? namespaceParameter, CancellationToken cancellationToken)
    {
        var mapping = await KindResolver.ResolveAsync(connection, kind, apiVersion, cancellationToken).ConfigureAwait(false);
        return ForMapping(connection, mapping, name, namespaceParameter);
    }

    /// <summary>The object <paramref name="name"/> of a resolved kind, in <paramref name="namespaceParameter"/> or else the context's namespace (for a namespaced kind).</summary>
    public static ResourceTarget ForMapping(KubeConnection connection, RestMapping mapping, string name, string? namespaceParameter)
    {
        string? ns = mapping.Namespaced ? (!string.IsNullOrEmpty(namespaceParameter) ? namespaceParameter : connection.DefaultNamespace) : null;
        return new ResourceTarget(mapping, connection.Dynamic.Resource(mapping.Resource).Namespace(ns), name, ns);
    }
}
