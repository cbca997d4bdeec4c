using Kube.Client.Models.MetaV1;

namespace Kube.Client.Models;

/// <summary>
/// Any list kind seen without its item type: what generic code reads the list metadata
/// (resourceVersion, continue) through. See <see cref="IKubeList{T}"/>.
/// </summary>
public interface IKubeList : IKubeObject
{
    ListMeta? Metadata { get; set; }
}
