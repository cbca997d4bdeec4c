using System;
using System.Threading.Tasks;
using Kube.Client;
using Kube.Client.Config;
using Kube.Client.Discovery;
using Kube.Client.Dynamic;
using Kube.Client.Mapping;
using Kube.Client.Rest;

namespace Kube.PowerShell.Connection;

/// <summary>
/// A cluster connection for one kubeconfig context, and the per-context state every command of the
/// process shares: its config and RestClient, the clients built over it (typed, dynamic, cached
/// discovery, RESTMapper) and its shared informers, each made once on first use.
/// </summary>
public sealed class KubeConnection
{
    private readonly Lazy<Clientset> _clientset;
    private readonly Lazy<DynamicClient> _dynamic;
    private readonly Lazy<CachedDiscoveryClient> _discovery;
    private readonly Lazy<RestMapper> _mapper;
    private readonly Lazy<ContextInformers> _informers;

    public KubeConnection(RestConfig config, RestClient rest)
    {
        Config = config;
        Rest = rest;
        _clientset = new Lazy<Clientset>(() => new Clientset(rest));
        _dynamic = new Lazy<DynamicClient>(() => new DynamicClient(rest));
        // kubectl's disk cache (~/.kube/cache/discovery), shared with kubectl itself.
        _discovery = new Lazy<CachedDiscoveryClient>(() => CachedDiscoveryClient.ForServer(rest));
        _mapper = new Lazy<RestMapper>(() => new RestMapper(_discovery.Value));
        _informers = new Lazy<ContextInformers>(() => new ContextInformers(rest));
    }

    public RestConfig Config { get; }

    public RestClient Rest { get; }

    public Clientset Clientset => _clientset.Value;

    public DynamicClient Dynamic => _dynamic.Value;

    public CachedDiscoveryClient Discovery => _discovery.Value;

    /// <summary>Maps kind names, plurals and short names to resources; refreshes discovery once on a miss.</summary>
    public RestMapper Mapper => _mapper.Value;

    /// <summary>The shared informers of this context (Watch, Wait, Start-KubeController, completion).</summary>
    public ContextInformers Informers => _informers.Value;

    /// <summary>Context name, or null for in-cluster config.</summary>
    public string? ContextName => Config.ContextName;

    /// <summary>The namespace commands use when none is given: the session's choice, else the context's.</summary>
    public string DefaultNamespace =>
        ContextName is { } ctx && KubeSessionState.Current.Namespaces.TryGetValue(ctx, out var ns) ? ns : Config.Namespace;

    /// <summary>Stops the shared informers, if any were made (the module is going away).</summary>
    internal ValueTask CloseAsync() => _informers.IsValueCreated ? _informers.Value.DisposeAsync() : default;

    /// <summary>This connection was replaced by a newer one: its informers stop once no command holds them.</summary>
    internal void Retire()
    {
        if (_informers.IsValueCreated) _informers.Value.Retire();
    }
}
