using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Cache;
using Kube.Client.Models;

namespace Kube.Client.Controllers;

/// <summary>
/// How a watched object maps to the keys a controller reconciles: the object itself, or the object
/// that owns it (so a change to an Ingress wakes the Service that owns it).
/// </summary>
public static class ControllerKeys
{
    /// <summary>The object's own key, "namespace/name" (or "name" when cluster-scoped).</summary>
    public static IEnumerable<string> Self(object obj) => new[] { CacheKeys.MetaNamespaceKey(obj) };

    /// <summary>
    /// The key of the object's controlling owner (the ownerReference with controller: true), in the
    /// object's namespace; none when it has no controller or the controller is of another kind. Kinds
    /// compare without case; null or empty <paramref name="ownerKind"/> takes any kind.
    /// </summary>
    public static Func<object, IEnumerable<string>> ControllerOwner(string? ownerKind = null) => obj =>
    {
        var meta = ObjectMetaAccessor.For(obj);
        var owner = meta.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        if (owner?.Name is not { Length: > 0 } name) return Array.Empty<string>();
        if (!string.IsNullOrEmpty(ownerKind) && !string.Equals(owner.Kind, ownerKind, StringComparison.OrdinalIgnoreCase)) return Array.Empty<string>();
        return new[] { string.IsNullOrEmpty(meta.Namespace) ? name : meta.Namespace + "/" + name };
    };

    /// <summary>The object's namespace as the key (for controllers that reconcile a whole namespace at a time).</summary>
    public static IEnumerable<string> Namespace(object obj) =>
        ObjectMetaAccessor.For(obj).Namespace is { Length: > 0 } ns ? new[] { ns } : Array.Empty<string>();
}
