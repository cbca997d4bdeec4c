using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Printing;
using Kube.Client.Rest;

namespace Kube.Client.Cache;

/// <summary>
/// Lists and watches any resource, custom ones included, as <see cref="Unstructured"/> objects through a
/// <see cref="DynamicResourceClient"/>, in its namespace (cluster-wide without one), with the scope's selectors.
/// With <c>withRows</c>, it asks for the server's table rendering too, and every object it lists or
/// watches comes with its row (<see cref="TableRows"/>): what lets an informer's objects print with
/// kubectl's columns.
/// </summary>
public sealed class DynamicListerWatcher : IListerWatcher<Unstructured>
{
    private readonly DynamicResourceClient _client;
    private readonly ListWatchScope _scope;
    private readonly bool _withRows;

    /// <exception cref="ArgumentException">The scope's label selector does not parse.</exception>
    public DynamicListerWatcher(DynamicResourceClient client, ListWatchScope? scope = null, bool withRows = false)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _scope = (scope ?? new ListWatchScope()).Validated();
        _withRows = withRows;
    }

    public DynamicResourceClient Client => _client;

    public async Task<IKubeList<Unstructured>> ListAsync(ListOptions options, CancellationToken cancellationToken)
    {
        var scoped = _scope.Apply(options ?? throw new ArgumentNullException(nameof(options)));
        return _withRows
            ? await _client.ListWithRowsWholeAsync(scoped, cancellationToken).ConfigureAwait(false)
            : await _client.ListAsync(scoped, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<WatchEvent<Unstructured>> WatchAsync(ListOptions options, CancellationToken cancellationToken)
    {
        var scoped = _scope.Apply(options ?? throw new ArgumentNullException(nameof(options)));
        return _withRows ? _client.WatchWithRowsAsync(scoped, cancellationToken) : _client.WatchAsync(scoped, cancellationToken);
    }

    public override string ToString() => $"{_client} {_scope}".TrimEnd();
}
