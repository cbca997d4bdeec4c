using System;
using System.Collections.Generic;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Models;

/// <summary>
/// A read-only view of the metadata of any top-level object, typed or not (client-go's
/// metav1.Object as <c>meta.Accessor</c> returns it). Generic code such as informers, caches and
/// pagers reads names, keys and resource versions through it without caring whether it holds a
/// generated model or an <see cref="Unstructured"/>. Get one with <see cref="ObjectMetaAccessor.For"/>.
/// </summary>
/// <remarks>
/// Absent fields read as null. A view of a typed model reads its live <see cref="ObjectMeta"/>; a view
/// of an <see cref="Unstructured"/> reads its JSON tree on every call, so maps and lists it returns
/// are snapshots, and a field of the wrong type (a number as metadata.name) throws
/// <see cref="NestedFieldException"/>.
/// </remarks>
public interface IObjectMetaAccessor
{
    string? Name { get; }

    string? Namespace { get; }

    string? GenerateName { get; }

    string? Uid { get; }

    string? ResourceVersion { get; }

    long? Generation { get; }

    DateTimeOffset? CreationTimestamp { get; }

    DateTimeOffset? DeletionTimestamp { get; }

    IReadOnlyDictionary<string, string>? Labels { get; }

    IReadOnlyDictionary<string, string>? Annotations { get; }

    IReadOnlyList<string>? Finalizers { get; }

    IReadOnlyList<OwnerReference>? OwnerReferences { get; }
}
