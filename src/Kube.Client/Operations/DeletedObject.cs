using Kube.Client.Dynamic;

namespace Kube.Client.Operations;

/// <summary>An object <see cref="ResourceDeleter"/> deleted: where it was, and its uid when it was read first (to wait for).</summary>
public sealed class DeletedObject
{
    internal DeletedObject(DynamicResourceClient client, string name, string? uid)
    {
        Client = client;
        Name = name;
        Uid = uid;
    }

    /// <summary>The client of its resource, in its namespace (null namespace: cluster-scoped).</summary>
    public DynamicResourceClient Client { get; }

    public string Name { get; }

    public string? Namespace => Client.NamespaceName;

    /// <summary>The uid of the object deleted; null when it was not read (no wait asked, or a dry run).</summary>
    public string? Uid { get; }

    /// <summary>Its cache key: "namespace/name", or "name" when cluster-scoped.</summary>
    public string Key => Namespace is null ? Name : Namespace + "/" + Name;

    /// <summary>"configmaps team-a/app", "namespaces dev".</summary>
    public override string ToString() => $"{Client.Resource.GroupResource} {Key}";
}
