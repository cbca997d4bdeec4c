namespace Kube.Client.Cache;

internal enum NotificationKind
{
    Add,
    Update,
    Delete,
}

/// <summary>One event on its way to one handler.</summary>
internal readonly struct Notification<T>
    where T : class
{
    private Notification(NotificationKind kind, T? oldObject, object newObject, bool isInInitialList)
    {
        Kind = kind;
        OldObject = oldObject;
        NewObject = newObject;
        IsInInitialList = isInInitialList;
    }

    public NotificationKind Kind { get; }

    public T? OldObject { get; }

    /// <summary>The object; for a delete, a <typeparamref name="T"/> or a tombstone.</summary>
    public object NewObject { get; }

    public bool IsInInitialList { get; }

    public static Notification<T> Add(T obj, bool isInInitialList) => new(NotificationKind.Add, null, obj, isInInitialList);

    public static Notification<T> Update(T oldObj, T newObj) => new(NotificationKind.Update, oldObj, newObj, false);

    public static Notification<T> Delete(object obj) => new(NotificationKind.Delete, null, obj, false);
}
