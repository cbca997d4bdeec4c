namespace Kube.Client.Models.MetaV1;

/// <summary>Query options of list and watch calls (metav1.ListOptions).</summary>
public sealed class ListOptions
{
    public string? LabelSelector { get; set; }
    public string? FieldSelector { get; set; }
    /// <summary>Page size; 0 means everything in one response.</summary>
    public long Limit { get; set; }
    public string? Continue { get; set; }
    public string? ResourceVersion { get; set; }
    /// <summary>NotOlderThan or Exact.</summary>
    public string? ResourceVersionMatch { get; set; }
    /// <summary>Server-side timeout of list or watch, in seconds.</summary>
    public long? TimeoutSeconds { get; set; }
    public bool AllowWatchBookmarks { get; set; }

    public ListOptions Clone() => (ListOptions)MemberwiseClone();
}
