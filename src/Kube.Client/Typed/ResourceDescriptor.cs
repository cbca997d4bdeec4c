using System;
using System.Text.Json.Serialization.Metadata;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Typed;

/// <summary>What a typed client needs to know of its resource: where it lives and how to encode and decode it.</summary>
public sealed class ResourceDescriptor<T, TList>
{
    public ResourceDescriptor(GroupVersionResource resource, string kind, bool namespaced, JsonTypeInfo<T> typeInfo, JsonTypeInfo<TList> listTypeInfo)
        : this(resource, kind, namespaced, typeInfo, listTypeInfo, null, null)
    {
    }

    /// <param name="protobuf">The protobuf form of <typeparamref name="T"/>; null for kinds the server serves in JSON only (custom resources).</param>
    /// <param name="listProtobuf">The protobuf form of <typeparamref name="TList"/>, if any.</param>
    public ResourceDescriptor(GroupVersionResource resource, string kind, bool namespaced, JsonTypeInfo<T> typeInfo, JsonTypeInfo<TList> listTypeInfo,
        ProtobufCodec<T>? protobuf, ProtobufCodec<TList>? listProtobuf)
    {
        Resource = resource;
        Kind = kind ?? throw new ArgumentNullException(nameof(kind));
        Namespaced = namespaced;
        TypeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));
        ListTypeInfo = listTypeInfo ?? throw new ArgumentNullException(nameof(listTypeInfo));
        Protobuf = protobuf;
        ListProtobuf = listProtobuf;
    }

    public GroupVersionResource Resource { get; }
    public string Kind { get; }
    public bool Namespaced { get; }
    public JsonTypeInfo<T> TypeInfo { get; }
    public JsonTypeInfo<TList> ListTypeInfo { get; }

    /// <summary>Null when the resource has no protobuf form: its requests then use JSON whatever the client prefers.</summary>
    public ProtobufCodec<T>? Protobuf { get; }

    public ProtobufCodec<TList>? ListProtobuf { get; }

    public GroupVersionKind GroupVersionKind => new(Resource.Group, Resource.Version, Kind);
}
