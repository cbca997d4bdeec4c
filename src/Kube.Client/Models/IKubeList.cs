using System.Collections.Generic;

namespace Kube.Client.Models;

/// <summary>A list kind (PodList, ...): ListMeta plus the items.</summary>
public interface IKubeList<T> : IKubeList
{
    IList<T>? Items { get; set; }
}
