namespace Kube.Client.Operations;

/// <summary>
/// What must hold before <see cref="Scaler"/> changes the replica count (kubectl scale's
/// --current-replicas and --resource-version): the scale is read, checked, and written back with
/// its resourceVersion, so a change between the read and the write fails instead of winning.
/// </summary>
public sealed class ScalePrecondition
{
    /// <summary>The replica count the object must have now; null for any.</summary>
    public int? Replicas { get; set; }

    /// <summary>The resourceVersion the object must have now; null or empty for any.</summary>
    public string? ResourceVersion { get; set; }

    internal bool IsEmpty => Replicas is null && string.IsNullOrEmpty(ResourceVersion);
}
