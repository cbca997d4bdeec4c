using Kube.Client.Models.MetaV1;

namespace Kube.Client.Rest;

// TEMP stub: the Rest layer branch provides the real WatchEvent.
public sealed class WatchEvent<T>
{
    public WatchEvent(WatchEventType type, T? @object, Status? status)
    {
        Type = type;
        Object = @object;
        Status = status;
    }

    public WatchEventType Type { get; }
    public T? Object { get; }
    public Status? Status { get; }
}
