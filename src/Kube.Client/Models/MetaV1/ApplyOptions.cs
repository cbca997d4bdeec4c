namespace Kube.Client.Models.MetaV1;

/// <summary>
/// Options of a server-side apply (metav1.ApplyOptions): the field manager that owns the applied
/// fields is required; <see cref="Force"/> takes over fields other managers own instead of failing
/// with a 409 Conflict.
/// </summary>
public sealed class ApplyOptions
{
    public ApplyOptions()
    {
    }

    public ApplyOptions(string fieldManager, bool force = false)
    {
        FieldManager = fieldManager;
        Force = force;
    }

    /// <summary>The name of the actor applying, such as "kube-powershell" or a controller's name. Required.</summary>
    public string? FieldManager { get; set; }

    /// <summary>Take ownership of fields that conflict with other managers.</summary>
    public bool Force { get; set; }

    /// <summary>Server-side dry run ("All"): validated and answered, never stored.</summary>
    public bool DryRun { get; set; }

    /// <summary>The query options of the apply patch request.</summary>
    public PatchOptions ToPatchOptions() => new() { FieldManager = FieldManager, Force = Force ? true : null, DryRun = DryRun };
}
