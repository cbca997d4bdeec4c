using System;

namespace Kube.Client.Rest;

public static class PatchTypeExtensions
{
    public static string ContentType(this PatchType type) => type switch
    {
        PatchType.Json => "application/json-patch+json",
        PatchType.Merge => "application/merge-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        PatchType.Apply => "application/apply-patch+yaml",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown patch type."),
    };
}
