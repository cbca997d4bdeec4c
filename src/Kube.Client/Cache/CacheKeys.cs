using System;
using System.Collections.Generic;
using Kube.Client.Models;

namespace Kube.Client.Cache;

/// <summary>
/// How caches name objects: "namespace/name", or "name" for cluster-scoped objects (client-go's
/// MetaNamespaceKeyFunc), and the namespace index every informer of the factory carries.
/// </summary>
public static class CacheKeys
{
    /// <summary>The name of the index by namespace (client-go's cache.NamespaceIndex).</summary>
    public const string NamespaceIndex = "namespace";

    /// <summary>
    /// The key of an object, or of a <see cref="DeletedFinalStateUnknown{T}"/> tombstone (the key it
    /// carries): client-go's DeletionHandlingMetaNamespaceKeyFunc.
    /// </summary>
    /// <exception cref="ArgumentException">The object has no metadata or no name.</exception>
    public static string MetaNamespaceKey(object obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        return obj is IDeletedFinalStateUnknown tombstone ? tombstone.Key : ObjectMetaAccessor.MetaNamespaceKey(obj);
    }

    /// <summary>Splits "namespace/name" into its parts; a key without '/' is a cluster-scoped name (namespace "").</summary>
    /// <exception cref="FormatException">The key has more than one '/', or an empty name.</exception>
    public static (string Namespace, string Name) SplitMetaNamespaceKey(string key)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        int slash = key.IndexOf('/');
        if (slash < 0)
        {
            if (key.Length == 0) throw new FormatException("an empty string is not a cache key");
            return ("", key);
        }
        if (key.IndexOf('/', slash + 1) >= 0 || slash == key.Length - 1)
            throw new FormatException($"\"{key}\" is not a cache key: expected \"namespace/name\" or \"name\"");
        return (key.Substring(0, slash), key.Substring(slash + 1));
    }

    /// <summary>The index function of <see cref="NamespaceIndex"/>: an object's namespace ("" for cluster-scoped ones).</summary>
    public static IEnumerable<string> MetaNamespaceIndexFunc(object obj) => new[] { ObjectMetaAccessor.For(obj).Namespace ?? "" };
}
