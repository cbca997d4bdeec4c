namespace Kube.Client.Models.MetaV1;

public sealed class GetOptions
{
    public string? ResourceVersion { get; set; }
}
