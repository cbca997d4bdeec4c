using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Labels;
using Kube.Client.Models;

namespace Kube.Client.Cache;

/// <summary>
/// Reads an informer's cache the way a client lists and gets (client-go's generated listers): all
/// objects or those of one namespace, filtered by a label selector, or one by name. Never calls the
/// server. Returns the cache's objects: copy one before changing it.
/// </summary>
public sealed class Lister<T>
    where T : class
{
    private readonly IIndexer<T> _indexer;

    public Lister(IIndexer<T> indexer)
    {
        _indexer = indexer ?? throw new ArgumentNullException(nameof(indexer));
    }

    /// <summary>Every cached object (in every namespace) whose labels match; all of them without a selector.</summary>
    public IReadOnlyList<T> List(Selector? selector = null) => Filter(_indexer.List(), selector);

    /// <summary>Every cached object whose labels match a selector in the server's syntax ("app=web,tier!=db").</summary>
    /// <exception cref="FormatException">The selector does not parse.</exception>
    public IReadOnlyList<T> List(string labelSelector) => List(Selector.Parse(labelSelector));

    /// <summary>A cluster-scoped object by name, or null when the cache does not have it.</summary>
    public T? Get(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a name is required", nameof(name));
        return _indexer.GetByKey(name);
    }

    /// <summary>The objects of one namespace.</summary>
    public NamespaceLister<T> Namespace(string @namespace)
    {
        if (string.IsNullOrEmpty(@namespace)) throw new ArgumentException("a namespace is required; use the lister itself for all namespaces", nameof(@namespace));
        return new NamespaceLister<T>(_indexer, @namespace);
    }

    internal static IReadOnlyList<T> Filter(IReadOnlyList<T> items, Selector? selector)
    {
        if (selector is null || selector.IsEmpty) return items;
        return items.Where(item => selector.Matches(ObjectMetaAccessor.For(item).Labels)).ToArray();
    }
}
