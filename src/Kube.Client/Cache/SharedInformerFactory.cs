using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Typed;

namespace Kube.Client.Cache;

/// <summary>
/// Hands out one shared informer per resource and scope over one <see cref="Rest.RestClient"/>
/// (client-go's SharedInformerFactory and dynamicinformer together): everyone who asks for the
/// ConfigMaps informer gets the same one, so the cluster is listed and watched once.
/// </summary>
/// <remarks>
/// <para>Typed informers are keyed by model type and resource (<c>InformerFor(ConfigMapsClient.Descriptor)</c>),
/// dynamic ones by group/version/resource (<see cref="ForResource"/>); both in the factory's namespace
/// (all namespaces without one; cluster-scoped resources ignore it) with the factory's selectors.
/// Every informer has the namespace index.</para>
/// <para>An <see cref="InformerScope"/> asks for another namespace or selectors than the factory's: informers of
/// the same resource and scope are shared, another scope gets its own (so a session can hold Pods in one
/// namespace and ConfigMaps named "x" side by side, each listed and watched once).</para>
/// <para><see cref="Start"/> starts the informers made so far that are not running; informers made later
/// need another <see cref="Start"/>. <see cref="RemoveAsync{T}"/> stops one informer and forgets it (when
/// nobody uses it any more); <see cref="ShutdownAsync"/> stops them all and waits until they have.
/// Thread-safe.</para>
/// </remarks>
public sealed class SharedInformerFactory : IAsyncDisposable
{
    private readonly RestClient _rest;
    private readonly SharedInformerFactoryOptions _options;
    private readonly DynamicClient _dynamic;
    private readonly object _lock = new();
    private readonly Dictionary<InformerKey, IFactoryInformer> _informers = new();
    private readonly HashSet<InformerKey> _started = new();
    private readonly CancellationTokenSource _shutdown = new();
    private bool _shuttingDown;

    /// <exception cref="ArgumentException">The label selector does not parse.</exception>
    public SharedInformerFactory(RestClient rest, SharedInformerFactoryOptions? options = null)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        _options = options?.Clone() ?? new SharedInformerFactoryOptions();
        if (_options.DefaultResync < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), _options.DefaultResync, "the default resync cannot be negative (zero disables resync)");
        _ = Scope().Validated();
        _dynamic = new DynamicClient(rest);
    }

    public SharedInformerFactory(Clientset clientset, SharedInformerFactoryOptions? options = null)
        : this((clientset ?? throw new ArgumentNullException(nameof(clientset))).RestClient, options)
    {
    }

    /// <summary>The namespace of namespaced resources; null for all namespaces.</summary>
    public string? Namespace => string.IsNullOrEmpty(_options.Namespace) ? null : _options.Namespace;

    public TimeSpan DefaultResync => _options.DefaultResync;

    /// <summary>The shared informer of a typed resource, such as <c>InformerFor(PodsClient.Descriptor)</c>.</summary>
    public SharedIndexInformer<T> InformerFor<T, TList>(ResourceDescriptor<T, TList> descriptor)
        where T : class, IKubeResource
        where TList : class, IKubeList<T> =>
        InformerFor(descriptor, null);

    /// <summary>The shared informer of a typed resource in <paramref name="scope"/> (null: the factory's namespace and selectors).</summary>
    /// <exception cref="ArgumentException">The scope's label selector does not parse.</exception>
    public SharedIndexInformer<T> InformerFor<T, TList>(ResourceDescriptor<T, TList> descriptor, InformerScope? scope)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (descriptor is null) throw new ArgumentNullException(nameof(descriptor));
        var (ns, listWatchScope) = Resolve(descriptor.Namespaced, scope);
        var key = new InformerKey(typeof(T), descriptor.Resource, ns, listWatchScope.LabelSelector, listWatchScope.FieldSelector);
        return GetOrCreate(key, () =>
        {
            var client = new ResourceClient<T, TList>(_rest, descriptor, ns);
            return new SharedIndexInformer<T>(new TypedListerWatcher<T, TList>(client, listWatchScope), _options.DefaultResync, NamespaceIndex<T>(), _options.InformerOptions);
        });
    }

    /// <summary>A lister over the shared informer of a typed resource.</summary>
    public Lister<T> ListerFor<T, TList>(ResourceDescriptor<T, TList> descriptor)
        where T : class, IKubeResource
        where TList : class, IKubeList<T> =>
        InformerFor(descriptor).Lister();

    /// <summary>
    /// The shared informer of any resource, custom ones included, over <see cref="Unstructured"/>
    /// objects. Pass <paramref name="namespaced"/> false for a cluster-scoped resource, so that it is
    /// not looked for in the factory's namespace.
    /// </summary>
    public SharedIndexInformer<Unstructured> ForResource(GroupVersionResource resource, bool namespaced = true) =>
        ForResource(resource, namespaced, null);

    /// <summary>
    /// The shared informer of any resource in <paramref name="scope"/> (null: the factory's namespace and
    /// selectors), such as the ConfigMaps of one namespace or the one Deployment a field selector names.
    /// </summary>
    /// <exception cref="ArgumentException">The scope's label selector does not parse.</exception>
    public SharedIndexInformer<Unstructured> ForResource(GroupVersionResource resource, bool namespaced, InformerScope? scope)
    {
        var (ns, listWatchScope) = Resolve(namespaced, scope);
        var key = new InformerKey(typeof(Unstructured), resource, ns, listWatchScope.LabelSelector, listWatchScope.FieldSelector);
        return GetOrCreate(key, () =>
            new SharedIndexInformer<Unstructured>(new DynamicListerWatcher(_dynamic.Resource(resource).Namespace(ns), listWatchScope), _options.DefaultResync, NamespaceIndex<Unstructured>(), _options.InformerOptions));
    }

    /// <summary>
    /// Stops an informer this factory made (if the factory started it) and forgets it, so the next ask for
    /// its resource and scope makes a new one; for informers nobody uses any more. Completes once it has
    /// stopped; false when the factory does not hold it.
    /// </summary>
    public async Task<bool> RemoveAsync<T>(SharedIndexInformer<T> informer)
        where T : class
    {
        if (informer is null) throw new ArgumentNullException(nameof(informer));
        IFactoryInformer? removed = null;
        lock (_lock)
        {
            foreach (var entry in _informers)
            {
                if (entry.Value is FactoryInformer<T> held && ReferenceEquals(held.Informer, informer))
                {
                    removed = held;
                    _informers.Remove(entry.Key);
                    _started.Remove(entry.Key);
                    break;
                }
            }
        }
        if (removed is null) return false;
        await removed.StopAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Starts every informer made so far that has not started; they run until <paramref name="cancellationToken"/>
    /// is cancelled or <see cref="ShutdownAsync"/> is called. Call again after making more informers.
    /// </summary>
    /// <exception cref="InvalidOperationException">The factory is shutting down.</exception>
    public void Start(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_shuttingDown) throw new InvalidOperationException("the informer factory is shutting down; make a new one");
            foreach (var informer in _informers.Where(i => !_started.Contains(i.Key)).ToList())
            {
                informer.Value.Start(cancellationToken, _shutdown.Token);
                _started.Add(informer.Key);
            }
        }
    }

    /// <summary>
    /// Waits until every started informer has synced, or the token is cancelled; returns each informer's
    /// name with whether it had synced (client-go's WaitForCacheSync).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, bool>> WaitForCacheSyncAsync(CancellationToken cancellationToken)
    {
        List<IFactoryInformer> started;
        lock (_lock) started = _informers.Where(i => _started.Contains(i.Key)).Select(i => i.Value).ToList();
        var results = await Task.WhenAll(started.Select(i => i.WaitForCacheSyncAsync(cancellationToken))).ConfigureAwait(false);
        var answer = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (int i = 0; i < started.Count; i++) answer[started[i].Name] = results[i];
        return answer;
    }

    /// <summary>Stops every informer and waits until each has stopped; the factory cannot start informers afterwards.</summary>
    public async Task ShutdownAsync()
    {
        List<IFactoryInformer> stopping;
        lock (_lock)
        {
            _shuttingDown = true;
            _shutdown.Cancel();
            stopping = _informers.Where(i => _started.Contains(i.Key)).Select(i => i.Value).ToList();
        }
        await Task.WhenAll(stopping.Select(i => i.StopAsync())).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    private SharedIndexInformer<T> GetOrCreate<T>(InformerKey key, Func<SharedIndexInformer<T>> create)
        where T : class
    {
        lock (_lock)
        {
            if (_informers.TryGetValue(key, out var existing)) return ((FactoryInformer<T>)existing).Informer;
            var informer = create();
            _informers.Add(key, new FactoryInformer<T>(informer));
            return informer;
        }
    }

    private ListWatchScope Scope() => new()
    {
        LabelSelector = _options.LabelSelector,
        FieldSelector = _options.FieldSelector,
        TweakListOptions = _options.TweakListOptions,
    };

    /// <summary>The namespace and list scope of an informer: the factory's, or <paramref name="scope"/>'s (with the factory's tweak).</summary>
    private (string? Namespace, ListWatchScope Scope) Resolve(bool namespaced, InformerScope? scope)
    {
        if (scope is null) return (namespaced ? Namespace : null, Scope());
        var listWatchScope = new ListWatchScope
        {
            LabelSelector = scope.LabelSelector,
            FieldSelector = scope.FieldSelector,
            TweakListOptions = _options.TweakListOptions,
        }.Validated();
        return (namespaced ? scope.Namespace : null, listWatchScope);
    }

    private static Dictionary<string, IndexFunc<T>> NamespaceIndex<T>()
        where T : class =>
        new() { [CacheKeys.NamespaceIndex] = obj => CacheKeys.MetaNamespaceIndexFunc(obj) };

    private readonly record struct InformerKey(Type Type, GroupVersionResource Resource, string? Namespace, string? LabelSelector, string? FieldSelector);

    /// <summary>An informer seen without its type argument.</summary>
    private interface IFactoryInformer
    {
        string Name { get; }

        void Start(CancellationToken cancellationToken, CancellationToken shutdown);

        /// <summary>Stops the informer if the factory started it, and completes once it has stopped.</summary>
        Task StopAsync();

        Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken);
    }

    private sealed class FactoryInformer<T> : IFactoryInformer
        where T : class
    {
        public FactoryInformer(SharedIndexInformer<T> informer)
        {
            Informer = informer;
        }

        private CancellationTokenSource? _run;

        public SharedIndexInformer<T> Informer { get; }

        public string Name => Informer.Name;

        public void Start(CancellationToken cancellationToken, CancellationToken shutdown)
        {
            if (Informer.IsStarted) return;
            // Its own source, so that one informer can be stopped without the others.
            _run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown);
            Informer.Start(_run.Token);
        }

        /// <summary>An informer someone else started is theirs to stop.</summary>
        public async Task StopAsync()
        {
            var run = Interlocked.Exchange(ref _run, null);
            if (run is null) return;
            run.Cancel();
            await Informer.Completion.ConfigureAwait(false);
            run.Dispose();
        }

        public Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken) => Informer.WaitForCacheSyncAsync(cancellationToken);
    }
}
