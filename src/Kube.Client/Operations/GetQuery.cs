using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Pager;

namespace Kube.Client.Operations;

/// <summary>
/// What a get selects, as kubectl get reads its arguments, plus name patterns: exact names are read one
/// by one (a name not found is an error), patterns filter a list (no match is no error), and no name at
/// all lists everything. Selectors narrow the list; across all namespaces they narrow the name lookups too.
/// </summary>
public sealed class GetQuery
{
    private IReadOnlyList<string> _names = Array.Empty<string>();

    /// <summary>Exact names, each read on its own (duplicates and empty names are dropped).</summary>
    public IReadOnlyList<string> Names
    {
        get => _names;
        set => _names = (value ?? Array.Empty<string>()).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// True for the names a list should keep (wildcard patterns such as "web-*", in the caller's syntax);
    /// null when there are none. With neither names nor a pattern, everything is listed.
    /// </summary>
    public Func<string, bool>? NamePattern { get; set; }

    /// <summary>
    /// Look names up in every namespace: a name is not unique there, so each is a list by field selector
    /// (every namespace's object of that name) instead of a GET. The client must be one for all namespaces.
    /// </summary>
    public bool AllNamespaces { get; set; }

    public string? LabelSelector { get; set; }

    public string? FieldSelector { get; set; }

    /// <summary>Objects per list request (0: the whole list in one response).</summary>
    public int PageSize { get; set; } = ListPager<Models.Unstructured, Models.UnstructuredList>.DefaultPageSize;

    /// <summary>True when a list is needed: no exact name, or some pattern.</summary>
    public bool NeedsList => Names.Count == 0 || NamePattern is not null;

    /// <exception cref="ArgumentException">Exact names with a selector in one namespace (kubectl refuses that too), or a negative page size.</exception>
    public void Validate()
    {
        if (PageSize < 0) throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "the page size cannot be negative (0 lists everything in one response)");
        if (Names.Count > 0 && !AllNamespaces && (!string.IsNullOrEmpty(LabelSelector) || !string.IsNullOrEmpty(FieldSelector)))
            throw new ArgumentException("an exact name cannot be combined with a label or field selector (as in kubectl); use a name pattern such as 'web-*' to filter a selected list");
    }
}
