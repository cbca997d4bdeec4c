using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Schema;

namespace Kube.Client.Discovery;

/// <summary>
/// What the API server serves: its version, its API groups and the resources of each group
/// version (client-go's DiscoveryInterface). The sweeps over many group versions report a
/// failing group version in their result instead of failing as a whole.
/// </summary>
public interface IDiscoveryClient
{
    /// <summary>GET /version.</summary>
    Task<Models.Version.Info> ServerVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The API groups: the core group from /api (named "", listed first) and the named groups
    /// from /apis, in the server's order.
    /// </summary>
    Task<APIGroupList> ServerGroupsAsync(CancellationToken cancellationToken = default);

    /// <summary>The resources of one group version (GET /api/v1 or /apis/GROUP/VERSION).</summary>
    Task<APIResourceList> ServerResourcesForGroupVersionAsync(GroupVersion groupVersion, CancellationToken cancellationToken = default);

    /// <summary>The groups and the resources of every version of every group, subresources included.</summary>
    Task<DiscoveredResources> ServerGroupsAndResourcesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Each resource once, at its group's preferred version, or at the first version that serves
    /// it when the preferred one does not; no subresources (what <c>kubectl api-resources</c> lists).
    /// </summary>
    Task<DiscoveredResources> ServerPreferredResourcesAsync(CancellationToken cancellationToken = default);

    /// <summary><see cref="ServerPreferredResourcesAsync"/> narrowed to namespaced resources.</summary>
    Task<DiscoveredResources> ServerPreferredNamespacedResourcesAsync(CancellationToken cancellationToken = default);

    /// <summary>The OpenAPI v2 document (GET /openapi/v2, JSON). Dispose it when done.</summary>
    Task<JsonDocument> OpenApiV2Async(CancellationToken cancellationToken = default);
}
