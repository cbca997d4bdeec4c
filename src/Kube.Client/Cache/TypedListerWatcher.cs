using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Typed;

namespace Kube.Client.Cache;

/// <summary>
/// Lists and watches a typed resource through its <see cref="ResourceClient{T, TList}"/>, in the
/// client's namespace (all namespaces when it has none), with the scope's selectors.
/// </summary>
public sealed class TypedListerWatcher<T, TList> : IListerWatcher<T>
    where T : class, IKubeResource
    where TList : class, IKubeList<T>
{
    private readonly ResourceClient<T, TList> _client;
    private readonly ListWatchScope _scope;

    /// <exception cref="ArgumentException">The scope's label selector does not parse.</exception>
    public TypedListerWatcher(ResourceClient<T, TList> client, ListWatchScope? scope = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _scope = (scope ?? new ListWatchScope()).Validated();
    }

    public ResourceClient<T, TList> Client => _client;

    public async Task<IKubeList<T>> ListAsync(ListOptions options, CancellationToken cancellationToken) =>
        await _client.ListAsync(_scope.Apply(options ?? throw new ArgumentNullException(nameof(options))), cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListOptions options, CancellationToken cancellationToken) =>
        _client.WatchAsync(_scope.Apply(options ?? throw new ArgumentNullException(nameof(options))), cancellationToken);

    public override string ToString() =>
        $"{_client.Descriptor.Resource}{(_client.Namespace is null ? "" : " in namespace " + _client.Namespace)} {_scope}".TrimEnd();
}
