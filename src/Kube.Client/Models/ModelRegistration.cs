using System;
using System.Text.Json.Serialization.Metadata;
using Kube.Client.Schema;

namespace Kube.Client.Models;

/// <summary>One API kind known to the library: its CLR model, serializer metadata and list model.</summary>
public sealed class ModelRegistration
{
    private readonly Func<JsonTypeInfo> _typeInfo;
    private readonly Func<JsonTypeInfo>? _listTypeInfo;

    public ModelRegistration(GroupVersionKind kind, Type type, Func<JsonTypeInfo> typeInfo, Type? listType = null, Func<JsonTypeInfo>? listTypeInfo = null)
    {
        if ((listType is null) != (listTypeInfo is null))
            throw new ArgumentException("A list type and its type info go together.", nameof(listTypeInfo));
        Kind = kind;
        Type = type ?? throw new ArgumentNullException(nameof(type));
        _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));
        ListType = listType;
        _listTypeInfo = listTypeInfo;
    }

    public GroupVersionKind Kind { get; }

    public Type Type { get; }

    /// <summary>The serializer metadata of <see cref="Type"/> from <see cref="KubeJsonContext.Default"/>.</summary>
    public JsonTypeInfo TypeInfo => _typeInfo();

    /// <summary>The list model of this kind (PodList for Pod); null for kinds without one, lists included.</summary>
    public Type? ListType { get; }

    public JsonTypeInfo? ListTypeInfo => _listTypeInfo?.Invoke();

    public override string ToString() => $"{Kind} -> {Type.FullName}";
}
