namespace Kube.Client.Models.MetaV1;

public sealed class PatchOptions
{
    public bool DryRun { get; set; }
    public string? FieldManager { get; set; }
    /// <summary>Server-side apply only: take ownership of conflicting fields.</summary>
    public bool? Force { get; set; }
}
