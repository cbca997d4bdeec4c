using System.Collections.Generic;

namespace Kube.Client.Pager;

/// <summary>Every item of a collection as of one resourceVersion, however many pages it took.</summary>
public sealed class ListSnapshot<T>
{
    public ListSnapshot(IReadOnlyList<T> items, string resourceVersion, bool paginated, int pages)
    {
        Items = items;
        ResourceVersion = resourceVersion;
        Paginated = paginated;
        Pages = pages;
    }

    public IReadOnlyList<T> Items { get; }

    /// <summary>The version of the collection the items were read at: where a watch resumes.</summary>
    public string ResourceVersion { get; }

    /// <summary>True when the server split the answer into pages (it honoured the limit).</summary>
    public bool Paginated { get; }

    /// <summary>List requests made, the full re-list after an expired continue token included.</summary>
    public int Pages { get; }
}
