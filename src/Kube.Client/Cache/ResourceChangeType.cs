namespace Kube.Client.Cache;

/// <summary>What happened to an object, as a watch names it (kubectl get -w's ADDED, MODIFIED, DELETED).</summary>
public enum ResourceChangeType
{
    Added,
    Modified,
    Deleted,
}
