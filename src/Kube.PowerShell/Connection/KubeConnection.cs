using System;
using Kube.Client;
using Kube.Client.Config;
using Kube.Client.Rest;

namespace Kube.PowerShell.Connection;

/// <summary>A cluster connection for one kubeconfig context: its config, its RestClient and its Clientset.</summary>
public sealed class KubeConnection
{
    private readonly Lazy<Clientset> _clientset;

    public KubeConnection(RestConfig config, RestClient rest)
    {
        Config = config;
        Rest = rest;
        _clientset = new Lazy<Clientset>(() => new Clientset(rest));
    }

    public RestConfig Config { get; }

    public RestClient Rest { get; }

    public Clientset Clientset => _clientset.Value;

    /// <summary>Context name, or null for in-cluster config.</summary>
    public string? ContextName => Config.ContextName;

    /// <summary>The namespace commands use when none is given: the session's choice, else the context's.</summary>
    public string DefaultNamespace =>
        ContextName is { } ctx && KubeSessionState.Current.Namespaces.TryGetValue(ctx, out var ns) ? ns : Config.Namespace;
}
