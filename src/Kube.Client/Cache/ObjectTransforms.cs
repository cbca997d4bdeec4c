using System;
using Kube.Client.Models;

namespace Kube.Client.Cache;

/// <summary>Ready-made informer transforms (see <see cref="SharedIndexInformerOptions.Transform"/>).</summary>
public static class ObjectTransforms
{
    /// <summary>
    /// Drops metadata.managedFields, which a cache rarely reads and which is often the largest part of
    /// small objects (as client-go users do with SetTransform, and as kubectl hides them). Typed models
    /// lose the list; an <see cref="Unstructured"/> read as JSON has the member cut out of its bytes
    /// without building its tree. Returns the same object, changed in place; other objects pass as they are.
    /// </summary>
    public static readonly Func<object, object> DropManagedFields = obj =>
    {
        switch (obj)
        {
            case Unstructured unstructured:
                try
                {
                    unstructured.RemoveNestedField("metadata", "managedFields");
                }
                catch (NestedFieldException)
                {
                    // metadata that is not an object has no managedFields to drop.
                }
                break;
            case IKubeResource { Metadata: { ManagedFields: not null } meta }:
                meta.ManagedFields = null;
                break;
        }
        return obj;
    };
}
