namespace Kube.Client.Models.MetaV1;

public sealed class CreateOptions
{
    /// <summary>Server-side dry run ("All").</summary>
    public bool DryRun { get; set; }
    public string? FieldManager { get; set; }
}
