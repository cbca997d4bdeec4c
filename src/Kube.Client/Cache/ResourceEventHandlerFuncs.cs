using System;

namespace Kube.Client.Cache;

/// <summary>An <see cref="IResourceEventHandler{T}"/> from delegates; those left null ignore their events.</summary>
public sealed class ResourceEventHandlerFuncs<T> : IResourceEventHandler<T>
    where T : class
{
    public Action<T, bool>? AddFunc { get; set; }

    public Action<T, T>? UpdateFunc { get; set; }

    /// <summary>Gets a <typeparamref name="T"/> or a <see cref="DeletedFinalStateUnknown{T}"/>.</summary>
    public Action<object>? DeleteFunc { get; set; }

    public void OnAdd(T obj, bool isInInitialList) => AddFunc?.Invoke(obj, isInInitialList);

    public void OnUpdate(T oldObj, T newObj) => UpdateFunc?.Invoke(oldObj, newObj);

    public void OnDelete(object obj) => DeleteFunc?.Invoke(obj);
}
