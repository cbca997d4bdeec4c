using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Cache;

/// <summary>
/// Lists and watches one kind of object in one scope (client-go's cache.ListerWatcher): what a
/// <see cref="Reflector{T}"/> needs of the API server. Implementations apply their own scope
/// (namespace, selectors) to the options the reflector passes; the reflector sets only
/// resourceVersion, limit, continue, timeoutSeconds and allowWatchBookmarks.
/// </summary>
public interface IListerWatcher<T>
    where T : class
{
    /// <summary>
    /// One list request: a page when <see cref="ListOptions.Limit"/> is set, whose metadata carries
    /// the resourceVersion of the collection and the continue token of the next page.
    /// </summary>
    Task<IKubeList<T>> ListAsync(ListOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// One watch request from <see cref="ListOptions.ResourceVersion"/>. The stream ends normally when
    /// the server closes it; an ERROR event ends it with a <see cref="KubeApiException"/> (410 Gone:
    /// the resourceVersion is too old), a cut connection with a <see cref="KubeConnectionException"/>.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListOptions options, CancellationToken cancellationToken);
}
