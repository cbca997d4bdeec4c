using System.Collections.Generic;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Models;

/// <summary>A list kind (PodList, ...): ListMeta plus the items.</summary>
public interface IKubeList<T> : IKubeObject
{
    ListMeta? Metadata { get; set; }
    IList<T>? Items { get; set; }
}
