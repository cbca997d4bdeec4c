namespace Kube.Client.Rest;

/// <summary>One event of a watch stream.</summary>
public sealed class WatchEvent<T>
{
    public WatchEvent(WatchEventType type, T @object)
    {
        Type = type;
        Object = @object;
    }

    public WatchEventType Type { get; }

    /// <summary>The object after the change (for Deleted, its last state; for Bookmark, only metadata.resourceVersion).</summary>
    public T Object { get; }

    public override string ToString() => $"{Type} {Object}";
}
