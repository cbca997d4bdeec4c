namespace Kube.Client.Models.MetaV1;

public sealed class UpdateOptions
{
    public bool DryRun { get; set; }
    public string? FieldManager { get; set; }
}
