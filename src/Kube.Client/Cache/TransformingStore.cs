using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models;

namespace Kube.Client.Cache;

/// <summary>
/// The reflector's store with an informer's transform applied to every object on its way in (adds,
/// updates, deletes and relists), as client-go's DeltaFIFO applies its transformer.
/// </summary>
internal sealed class TransformingStore<T> : IReflectorStore<T>
    where T : class
{
    private readonly IReflectorStore<T> _inner;
    private readonly Func<T, T> _transform;
    private readonly Action<Exception> _report;
    private readonly string _name;

    public TransformingStore(IReflectorStore<T> inner, Func<T, T> transform, Action<Exception> report, string name)
    {
        _inner = inner;
        _transform = transform;
        _report = report;
        _name = name;
    }

    public void Add(T obj) => _inner.Add(Transform(obj));

    public void Update(T obj) => _inner.Update(Transform(obj));

    public void Delete(T obj) => _inner.Delete(Transform(obj));

    public void Replace(IEnumerable<T> items, string resourceVersion) => _inner.Replace(items.Select(Transform), resourceVersion);

    public void Resync() => _inner.Resync();

    /// <summary>The transformed object; the object as it came when the transform throws or returns null (reported, the cache carries on).</summary>
    private T Transform(T obj)
    {
        try
        {
            return _transform(obj) ?? throw new InvalidOperationException($"the transform of informer {_name} returned null for {Describe(obj)}");
        }
        catch (Exception e)
        {
            _report(new InformerTransformException($"the transform of informer {_name} failed for {Describe(obj)}, which is cached as it came: {e.Message}", e));
            return obj;
        }
    }

    private static string Describe(T obj)
    {
        try
        {
            var meta = ObjectMetaAccessor.For(obj);
            return string.IsNullOrEmpty(meta.Namespace) ? $"\"{meta.Name}\"" : $"\"{meta.Namespace}/{meta.Name}\"";
        }
        catch (Exception)
        {
            return "an object without readable metadata";
        }
    }
}
