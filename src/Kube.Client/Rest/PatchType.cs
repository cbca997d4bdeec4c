namespace Kube.Client.Rest;

/// <summary>The patch formats the API server accepts; each has its own content type.</summary>
public enum PatchType
{
    /// <summary>RFC 6902 JSON patch: a list of operations.</summary>
    Json,
    /// <summary>RFC 7386 JSON merge patch.</summary>
    Merge,
    /// <summary>Kubernetes strategic merge patch (built-in kinds only).</summary>
    StrategicMerge,
    /// <summary>Server-side apply: the full intended state, owned by a field manager.</summary>
    Apply,
}
