namespace Kube.Client.Models.MetaV1;

/// <summary>ListMeta is the list metadata view of every typed list (see <see cref="ObjectMetaAccessor.ForList"/>).</summary>
public sealed partial class ListMeta : IListMetaAccessor
{
}
