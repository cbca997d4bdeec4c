using System;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Record;

/// <summary>References to objects, as events name what they are about (client-go's tools/reference).</summary>
public static class ObjectReferences
{
    /// <summary>
    /// A reference to a typed model, an <see cref="Unstructured"/> object, or an
    /// <see cref="ObjectReference"/> (taken as it is): apiVersion, kind, namespace, name, uid and
    /// resourceVersion. A typed model read from a list (no apiVersion or kind of its own) gets
    /// them from its type.
    /// </summary>
    /// <exception cref="ArgumentException">The object has no kind or no name, or is not a Kubernetes object.</exception>
    public static ObjectReference For(object obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        if (obj is ObjectReference given)
        {
            if (string.IsNullOrEmpty(given.Kind) || string.IsNullOrEmpty(given.Name))
                throw new ArgumentException("an ObjectReference for an event needs kind and name", nameof(obj));
            return given;
        }
        if (obj is not IKubeObject kubeObject || !ObjectMetaAccessor.TryFor(obj, out var meta))
            throw new ArgumentException($"cannot record an event about a {obj.GetType().FullName}: expected a Kubernetes object (a typed model or Unstructured) or an ObjectReference", nameof(obj));
        string? apiVersion = kubeObject.ApiVersion;
        string? kind = kubeObject.Kind;
        if ((string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind)) && ModelRegistry.TryGetKind(obj.GetType(), out var registered))
        {
            apiVersion = registered.ApiVersion;
            kind = registered.Kind;
        }
        if (string.IsNullOrEmpty(kind))
            throw new ArgumentException("the object has no kind, so an event cannot name it; set apiVersion and kind", nameof(obj));
        if (string.IsNullOrEmpty(meta.Name))
            throw new ArgumentException($"the {kind} has no metadata.name, so an event cannot name it", nameof(obj));
        return new ObjectReference
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = meta.Name,
            Namespace = string.IsNullOrEmpty(meta.Namespace) ? null : meta.Namespace,
            Uid = meta.Uid,
            ResourceVersion = meta.ResourceVersion,
        };
    }
}
