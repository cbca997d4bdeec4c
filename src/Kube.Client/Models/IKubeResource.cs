using Kube.Client.Models.MetaV1;

namespace Kube.Client.Models;

/// <summary>A top-level object with ObjectMeta (client-go's metav1.Object): what clients create, list and watch.</summary>
public interface IKubeResource : IKubeObject
{
    ObjectMeta? Metadata { get; set; }
}
