using System.Text.Json.Serialization.Metadata;
using Kube.Client.Models;
using Kube.Client.Schema;

namespace Kube.Client.Typed;

// TEMP stub: the lead's ResourceDescriptor replaces this file at merge.
public sealed class ResourceDescriptor<T, TList>
    where T : class, IKubeResource
    where TList : class, IKubeList<T>
{
    public ResourceDescriptor(GroupVersionResource resource, string kind, bool namespaced, JsonTypeInfo<T> typeInfo, JsonTypeInfo<TList> listTypeInfo)
    {
        Resource = resource;
        Kind = kind;
        Namespaced = namespaced;
        TypeInfo = typeInfo;
        ListTypeInfo = listTypeInfo;
    }

    public GroupVersionResource Resource { get; }
    public string Kind { get; }
    public bool Namespaced { get; }
    public JsonTypeInfo<T> TypeInfo { get; }
    public JsonTypeInfo<TList> ListTypeInfo { get; }
}
