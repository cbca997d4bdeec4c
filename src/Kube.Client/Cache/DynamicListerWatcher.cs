using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Cache;

/// <summary>
/// Lists and watches any resource, custom ones included, as <see cref="Unstructured"/> objects through a
/// <see cref="DynamicResourceClient"/>, in its namespace (cluster-wide without one), with the scope's selectors.
/// </summary>
public sealed class DynamicListerWatcher : IListerWatcher<Unstructured>
{
    private readonly DynamicResourceClient _client;
    private readonly ListWatchScope _scope;

    /// <exception cref="ArgumentException">The scope's label selector does not parse.</exception>
    public DynamicListerWatcher(DynamicResourceClient client, ListWatchScope? scope = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _scope = (scope ?? new ListWatchScope()).Validated();
    }

    public DynamicResourceClient Client => _client;

    public async Task<IKubeList<Unstructured>> ListAsync(ListOptions options, CancellationToken cancellationToken) =>
        await _client.ListAsync(_scope.Apply(options ?? throw new ArgumentNullException(nameof(options))), cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<WatchEvent<Unstructured>> WatchAsync(ListOptions options, CancellationToken cancellationToken) =>
        _client.WatchAsync(_scope.Apply(options ?? throw new ArgumentNullException(nameof(options))), cancellationToken);

    public override string ToString() => $"{_client} {_scope}".TrimEnd();
}
