namespace Kube.Client.Models;

/// <summary>Anything that carries apiVersion and kind on the wire (client-go's runtime.Object).</summary>
public interface IKubeObject
{
    string? ApiVersion { get; set; }
    string? Kind { get; set; }
}
