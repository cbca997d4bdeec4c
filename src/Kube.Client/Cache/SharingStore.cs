using System.Collections.Generic;
using System.Linq;

namespace Kube.Client.Cache;

/// <summary>The reflector's store with <see cref="SharedStrings"/> applied to every object on its way in.</summary>
internal sealed class SharingStore<T> : IReflectorStore<T>
    where T : class
{
    private readonly IReflectorStore<T> _inner;
    private readonly SharedStrings _strings;

    public SharingStore(IReflectorStore<T> inner, SharedStrings strings)
    {
        _inner = inner;
        _strings = strings;
    }

    public void Add(T obj) => _inner.Add(_strings.ShareObject(obj));

    public void Update(T obj) => _inner.Update(_strings.ShareObject(obj));

    public void Delete(T obj) => _inner.Delete(obj);

    public void Replace(IEnumerable<T> items, string resourceVersion) => _inner.Replace(items.Select(_strings.ShareObject), resourceVersion);

    public void Resync() => _inner.Resync();
}
