namespace Kube.Client.Models;

/// <summary>
/// A read-only view of the metadata of any list response, typed (<see cref="MetaV1.ListMeta"/>) or
/// not (<see cref="UnstructuredList"/>): where a watch resumes and how paging continues.
/// Get one with <see cref="ObjectMetaAccessor.ForList"/>.
/// </summary>
public interface IListMetaAccessor
{
    /// <summary>The version of the collection this list was read at: where a following watch starts.</summary>
    string? ResourceVersion { get; }

    /// <summary>The token that fetches the next page; null or empty on the last page.</summary>
    string? Continue { get; }

    /// <summary>How many items remain after this page, when the server could tell.</summary>
    long? RemainingItemCount { get; }
}
