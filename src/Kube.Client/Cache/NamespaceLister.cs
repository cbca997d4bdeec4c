using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Labels;
using Kube.Client.Models;

namespace Kube.Client.Cache;

/// <summary>
/// The cached objects of one namespace (client-go's namespace listers). It reads the namespace index
/// (<see cref="CacheKeys.NamespaceIndex"/>) when the cache has one, and filters every object otherwise.
/// </summary>
public sealed class NamespaceLister<T>
    where T : class
{
    private readonly IIndexer<T> _indexer;

    internal NamespaceLister(IIndexer<T> indexer, string @namespace)
    {
        _indexer = indexer;
        NamespaceName = @namespace;
    }

    public string NamespaceName { get; }

    /// <summary>The namespace's cached objects whose labels match; all of them without a selector.</summary>
    public IReadOnlyList<T> List(Selector? selector = null)
    {
        IReadOnlyList<T> inNamespace = _indexer.GetIndexers().ContainsKey(CacheKeys.NamespaceIndex)
            ? _indexer.ByIndex(CacheKeys.NamespaceIndex, NamespaceName)
            : _indexer.List().Where(item => ObjectMetaAccessor.For(item).Namespace == NamespaceName).ToArray();
        return Lister<T>.Filter(inNamespace, selector);
    }

    /// <exception cref="FormatException">The selector does not parse.</exception>
    public IReadOnlyList<T> List(string labelSelector) => List(Selector.Parse(labelSelector));

    /// <summary>The object of this name in the namespace, or null when the cache does not have it.</summary>
    public T? Get(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a name is required", nameof(name));
        return _indexer.GetByKey(NamespaceName + "/" + name);
    }
}
