using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Cache;

/// <summary>A lister-watcher from two functions (client-go's cache.ListWatch), for sources of your own.</summary>
public sealed class ListWatch<T> : IListerWatcher<T>
    where T : class
{
    private readonly Func<ListOptions, CancellationToken, Task<IKubeList<T>>> _list;
    private readonly Func<ListOptions, CancellationToken, IAsyncEnumerable<WatchEvent<T>>> _watch;

    public ListWatch(Func<ListOptions, CancellationToken, Task<IKubeList<T>>> list, Func<ListOptions, CancellationToken, IAsyncEnumerable<WatchEvent<T>>> watch)
    {
        _list = list ?? throw new ArgumentNullException(nameof(list));
        _watch = watch ?? throw new ArgumentNullException(nameof(watch));
    }

    public Task<IKubeList<T>> ListAsync(ListOptions options, CancellationToken cancellationToken) => _list(options, cancellationToken);

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListOptions options, CancellationToken cancellationToken) => _watch(options, cancellationToken);
}
