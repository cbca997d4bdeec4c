using System;
using System.Text.Json.Serialization.Metadata;
using Kube.Client.Schema;

namespace Kube.Client.Typed;

/// <summary>What a typed client needs to know of its resource: where it lives and how to decode it.</summary>
public sealed class ResourceDescriptor<T, TList>
{
    public ResourceDescriptor(GroupVersionResource resource, string kind, bool namespaced, JsonTypeInfo<T> typeInfo, JsonTypeInfo<TList> listTypeInfo)
    {
        Resource = resource;
        Kind = kind ?? throw new ArgumentNullException(nameof(kind));
        Namespaced = namespaced;
        TypeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));
        ListTypeInfo = listTypeInfo ?? throw new ArgumentNullException(nameof(listTypeInfo));
    }

    public GroupVersionResource Resource { get; }
    public string Kind { get; }
    public bool Namespaced { get; }
    public JsonTypeInfo<T> TypeInfo { get; }
    public JsonTypeInfo<TList> ListTypeInfo { get; }

    public GroupVersionKind GroupVersionKind => new(Resource.Group, Resource.Version, Kind);
}
