using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Support;

/// <summary>
/// A connection to the local control plane as kube-ps-admin and a namespace of the test class's
/// own (itests-&lt;class&gt;-&lt;random&gt;), deleted when the class is done. Other engineers use
/// the cluster at the same time: tests touch only this namespace and never count cluster-wide.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly List<RestClient> _extraClients = new();
    private RestClient? _rest;
    private Clientset? _clientset;
    private string? _namespace;

    public RestConfig Config { get; private set; } = new();

    public RestClient Rest => _rest ?? throw NotInitialized();

    public Clientset Clientset => _clientset ?? throw NotInitialized();

    /// <summary>The namespace of this test class; exists from InitializeAsync until DisposeAsync.</summary>
    public string Namespace => _namespace ?? throw NotInitialized();

    public async Task InitializeAsync()
    {
        Config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        // The default (5 QPS) would make the suite slow without testing anything; the limiter
        // has a test of its own.
        Config.Qps = 50;
        Config.Burst = 100;
        _rest = RestClient.Create(Config);
        _clientset = new Clientset(_rest);
        var created = await _clientset.CoreV1().Namespaces().CreateAsync(new Namespace
        {
            Metadata = new ObjectMeta
            {
                GenerateName = "itests-",
                Labels = new Dictionary<string, string> { ["kube-ps/test"] = "itests" },
            },
        });
        _namespace = created.Metadata!.Name;
    }

    public async Task DisposeAsync()
    {
        if (_namespace is not null && _clientset is not null)
        {
            try
            {
                await _clientset.CoreV1().Namespaces().DeleteAsync(_namespace);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
        }
        foreach (var client in _extraClients) client.Dispose();
        _rest?.Dispose();
    }

    /// <summary>A client for another context of the local kubeconfig (disposed with the fixture).</summary>
    public async Task<Clientset> ClientsetForAsync(string context, Action<RestConfig>? adjust = null)
    {
        var config = await LocalCluster.ConfigAsync(context);
        adjust?.Invoke(config);
        var rest = RestClient.Create(config);
        lock (_extraClients) _extraClients.Add(rest);
        return new Clientset(rest);
    }

    /// <summary>
    /// Pods can be created only once the controller manager has made the namespace's "default"
    /// service account (the ServiceAccount admission plugin looks it up).
    /// </summary>
    public Task WaitForDefaultServiceAccountAsync(CancellationToken cancellationToken = default) =>
        Eventually.SucceedsAsync(
            $"the service account \"default\" of namespace {Namespace}",
            ct => Clientset.CoreV1().ServiceAccounts(Namespace).GetAsync("default", cancellationToken: ct),
            cancellationToken: cancellationToken);

    /// <summary>A DNS-1123 name unique within this run: the prefix and a random suffix.</summary>
    public static string UniqueName(string prefix)
    {
        var suffix = new StringBuilder();
        var random = Random.Shared;
        for (int i = 0; i < 6; i++) suffix.Append("abcdefghijklmnopqrstuvwxyz0123456789"[random.Next(36)]);
        return prefix + "-" + suffix;
    }

    private static InvalidOperationException NotInitialized() => new("ClusterFixture is not initialized yet.");
}
