using System.Collections.Generic;

namespace Kube.Client.Models.MetaV1;

/// <summary>ObjectMeta is the metadata view of every typed model (see <see cref="ObjectMetaAccessor"/>).</summary>
public sealed partial class ObjectMeta : IObjectMetaAccessor
{
    IReadOnlyDictionary<string, string>? IObjectMetaAccessor.Labels => Labels;

    IReadOnlyDictionary<string, string>? IObjectMetaAccessor.Annotations => Annotations;

    IReadOnlyList<string>? IObjectMetaAccessor.Finalizers => Finalizers;

    IReadOnlyList<OwnerReference>? IObjectMetaAccessor.OwnerReferences => OwnerReferences;
}
