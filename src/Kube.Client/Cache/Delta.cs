namespace Kube.Client.Cache;

/// <summary>
/// One change to one object (client-go's Delta). <see cref="Object"/> is the object after the change
/// (a <typeparamref name="T"/>); for <see cref="DeltaType.Deleted"/> it is the last state, either a
/// <typeparamref name="T"/> or a <see cref="DeletedFinalStateUnknown{T}"/> when the deletion was
/// inferred by a relist.
/// </summary>
public sealed class Delta<T>
    where T : class
{
    public Delta(DeltaType type, object @object)
    {
        if (@object is null) throw new System.ArgumentNullException(nameof(@object));
        if (@object is not T && !(type == DeltaType.Deleted && @object is DeletedFinalStateUnknown<T>))
            throw new System.ArgumentException($"a {type} delta carries a {typeof(T).Name}{(type == DeltaType.Deleted ? " or a tombstone" : "")}, not a {@object.GetType().Name}", nameof(@object));
        Type = type;
        Object = @object;
    }

    public DeltaType Type { get; }

    public object Object { get; }

    public override string ToString() => $"{Type} {CacheKeys.MetaNamespaceKey(Object)}";
}
