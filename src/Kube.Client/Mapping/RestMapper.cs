using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Rest;
using Kube.Client.Schema;

namespace Kube.Client.Mapping;

/// <summary>
/// Maps names and kinds to resources from discovery, loaded on first use and kept (client-go's
/// DeferredDiscoveryRESTMapper over the short-name and priority mappers). A lookup that finds
/// nothing refreshes discovery once and tries again, so a CRD created a moment ago is found;
/// only when the data it missed on was fetched from the server during that very lookup does it
/// fail at once. See <see cref="StaticRestMapper"/> for the forms of names accepted. Thread-safe;
/// make one per server and share it.
/// </summary>
public sealed class RestMapper
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile StaticRestMapper? _snapshot;

    /// <param name="discovery">
    /// Where the mappings come from; a client without a cache gets an in-memory one.
    /// </param>
    public RestMapper(IDiscoveryClient discovery)
    {
        if (discovery is null) throw new ArgumentNullException(nameof(discovery));
        Discovery = discovery as ICachedDiscoveryClient ?? new CachedDiscoveryClient(discovery);
    }

    /// <summary>A mapper over kubectl's disk cache of discovery for <paramref name="rest"/>'s server.</summary>
    public static RestMapper ForServer(RestClient rest) => new(CachedDiscoveryClient.ForServer(rest));

    public ICachedDiscoveryClient Discovery { get; }

    /// <summary>The current snapshot, loading it on first use.</summary>
    public async Task<StaticRestMapper> SnapshotAsync(CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken).ConfigureAwait(false)).Mapper;

    /// <summary>Invalidates discovery and drops the snapshot: the next lookup asks the server again.</summary>
    /// <remarks>
    /// Whoever reads <see cref="Discovery"/> between this and the mapper's next lookup leaves the
    /// mapper a fresh but older view, and a miss on it would not refresh: prefer <see cref="RefreshAsync(CancellationToken)"/>.
    /// </remarks>
    public void Reset()
    {
        Discovery.Invalidate();
        _snapshot = null;
    }

    /// <summary>
    /// Invalidates discovery and builds the snapshot again from the server now; a later miss still
    /// refreshes once, whatever else reads <see cref="Discovery"/> in between.
    /// </summary>
    public async Task<StaticRestMapper> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Discovery.Invalidate();
            var mapper = await BuildAsync(cancellationToken).ConfigureAwait(false);
            _snapshot = mapper;
            return mapper;
        }
        finally
        {
            _loading.Release();
        }
    }

    public Task<GroupVersionKind> KindForAsync(GroupVersionResource resource, CancellationToken cancellationToken = default) =>
        LookupAsync(m => m.KindFor(resource), cancellationToken);

    public Task<IReadOnlyList<GroupVersionKind>> KindsForAsync(GroupVersionResource resource, CancellationToken cancellationToken = default) =>
        LookupAsync(m => Required(m.KindsFor(resource), () => m.KindFor(resource)), cancellationToken);

    public Task<GroupVersionResource> ResourceForAsync(GroupVersionResource input, CancellationToken cancellationToken = default) =>
        LookupAsync(m => m.ResourceFor(input), cancellationToken);

    public Task<IReadOnlyList<GroupVersionResource>> ResourcesForAsync(GroupVersionResource input, CancellationToken cancellationToken = default) =>
        LookupAsync(m => Required(m.ResourcesFor(input), () => m.ResourceFor(input)), cancellationToken);

    /// <summary>The mapping of a group and kind, at the first of <paramref name="versions"/> that serves it, or at the preferred version.</summary>
    public Task<RestMapping> MappingForAsync(GroupKind groupKind, IEnumerable<string>? versions = null, CancellationToken cancellationToken = default)
    {
        var list = versions is null ? Array.Empty<string>() : new List<string>(versions).ToArray();
        return LookupAsync(m => m.MappingFor(groupKind, list), cancellationToken);
    }

    /// <summary>The mapping of an object's apiVersion and kind ("apps/v1", "Deployment").</summary>
    public Task<RestMapping> MappingForAsync(GroupVersionKind kind, CancellationToken cancellationToken = default) =>
        LookupAsync(m => m.MappingFor(kind.GroupKind, kind.Version), cancellationToken);

    /// <summary>Every version serving a group and kind, preferred first.</summary>
    public Task<IReadOnlyList<RestMapping>> MappingsForAsync(GroupKind groupKind, CancellationToken cancellationToken = default) =>
        LookupAsync(m => Required(m.MappingsFor(groupKind), () => m.MappingFor(groupKind)), cancellationToken);

    /// <summary>
    /// Maps a name as <c>kubectl get NAME</c> reads it ("po", "deploy", "Deployment",
    /// "deployments.apps", "deployment.v1.apps"); see <see cref="StaticRestMapper.MappingFor(string)"/>.
    /// </summary>
    public Task<RestMapping> MappingForAsync(string resourceOrKind, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(resourceOrKind))
            throw new ArgumentException("A resource or kind name is needed (such as \"pods\", \"deploy\" or \"Deployment.apps\").", nameof(resourceOrKind));
        return LookupAsync(m => m.MappingFor(resourceOrKind), cancellationToken);
    }

    /// <summary>The resources of a category such as "all"; empty (and no refresh) when there are none.</summary>
    public async Task<IReadOnlyList<RestMapping>> ExpandCategoryAsync(string category, CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(cancellationToken).ConfigureAwait(false)).ExpandCategory(category);

    private async Task<T> LookupAsync<T>(Func<StaticRestMapper, T> lookup, CancellationToken cancellationToken)
    {
        var (mapper, loadedNow) = await LoadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return lookup(mapper);
        }
        catch (NoMatchException) when (!(loadedNow && Discovery.Fresh))
        {
            var refreshed = await RefreshAsync(mapper, cancellationToken).ConfigureAwait(false);
            return lookup(refreshed);
        }
    }

    private async Task<(StaticRestMapper Mapper, bool LoadedNow)> LoadAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } current) return (current, false);
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_snapshot is { } loaded) return (loaded, false);
            var mapper = await BuildAsync(cancellationToken).ConfigureAwait(false);
            _snapshot = mapper;
            return (mapper, true);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<StaticRestMapper> RefreshAsync(StaticRestMapper missedOn, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another lookup may have refreshed while this one waited; its snapshot will do.
            if (_snapshot is { } current && !ReferenceEquals(current, missedOn)) return current;
            Discovery.Invalidate();
            var mapper = await BuildAsync(cancellationToken).ConfigureAwait(false);
            _snapshot = mapper;
            return mapper;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<StaticRestMapper> BuildAsync(CancellationToken cancellationToken)
    {
        var discovered = await Discovery.ServerGroupsAndResourcesAsync(cancellationToken).ConfigureAwait(false);
        if (!discovered.IsComplete)
            RequestListenerScope.Current?.OnTraceIfEnabled("rest mapper: " + discovered.Error!.Message);
        return new StaticRestMapper(discovered);
    }

    /// <summary>An empty list is a miss: <paramref name="miss"/> throws the descriptive error.</summary>
    private static IReadOnlyList<T> Required<T, TAny>(IReadOnlyList<T> found, Func<TAny> miss)
    {
        if (found.Count == 0) miss();
        return found;
    }
}
