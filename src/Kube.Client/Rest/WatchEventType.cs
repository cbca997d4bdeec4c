namespace Kube.Client.Rest;

// TEMP stub: the Rest layer branch provides the real WatchEventType.
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
