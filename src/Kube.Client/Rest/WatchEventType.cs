namespace Kube.Client.Rest;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    /// <summary>Carries only a newer resourceVersion to resume from; the object is not a change.</summary>
    Bookmark,
    /// <summary>Never yielded by <see cref="Request.WatchAsync{T}"/>: an ERROR event ends the stream with a <see cref="KubeApiException"/>.</summary>
    Error,
}
