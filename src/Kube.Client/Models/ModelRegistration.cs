using System;
using System.Text.Json.Serialization.Metadata;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Models;

/// <summary>One API kind known to the library: its CLR model, serializer metadata and list model.</summary>
public sealed class ModelRegistration
{
    private JsonTypeInfo? _typeInfo;
    private JsonTypeInfo? _listTypeInfo;

    public ModelRegistration(GroupVersionKind kind, Type type, Type? listType = null)
    {
        Kind = kind;
        Type = type ?? throw new ArgumentNullException(nameof(type));
        ListType = listType;
    }

    public GroupVersionKind Kind { get; }

    public Type Type { get; }

    /// <summary>The list model of this kind (PodList for Pod); null for kinds without one, lists included.</summary>
    public Type? ListType { get; }

    /// <summary>The serializer metadata of <see cref="Type"/> from <see cref="KubeJsonContext.Default"/>.</summary>
    public JsonTypeInfo TypeInfo => _typeInfo ??= Resolve(Type);

    public JsonTypeInfo? ListTypeInfo => ListType is null ? null : _listTypeInfo ??= Resolve(ListType);

    /// <summary>The protobuf form of <see cref="Type"/> (see <see cref="KubeProtobufContext"/>); null when the kind has none.</summary>
    public IProtobufCodec? Protobuf => KubeProtobufContext.GetCodec(Type);

    public IProtobufCodec? ListProtobuf => ListType is null ? null : KubeProtobufContext.GetCodec(ListType);

    public override string ToString() => $"{Kind} -> {Type.FullName}";

    private static JsonTypeInfo Resolve(Type type) =>
        KubeJsonContext.Default.GetTypeInfo(type)
        ?? throw new InvalidOperationException($"{type.FullName} is registered for a kind but missing from {nameof(KubeJsonContext)}.");
}
