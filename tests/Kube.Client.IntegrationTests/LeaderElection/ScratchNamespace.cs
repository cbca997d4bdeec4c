using System;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.IntegrationTests.LeaderElection;

/// <summary>A namespace of its own for one test on the shared cluster, deleted afterwards.</summary>
internal sealed class ScratchNamespace : IAsyncDisposable
{
    private ScratchNamespace(RestClient rest, string name)
    {
        Rest = rest;
        Clientset = new Clientset(rest);
        Name = name;
    }

    public RestClient Rest { get; }
    public Clientset Clientset { get; }
    public string Name { get; }

    public static async Task<ScratchNamespace> CreateAsync(string prefix)
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        var rest = RestClient.Create(config);
        string name = $"{prefix}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
        await new Clientset(rest).CoreV1().Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });
        return new ScratchNamespace(rest, name);
    }

    /// <summary>A client of its own, as another process would have.</summary>
    public async Task<Clientset> NewClientsetAsync() =>
        new(RestClient.Create(await LocalCluster.ConfigAsync(LocalCluster.AdminContext)));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Clientset.CoreV1().Namespaces().DeleteAsync(Name);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
        Rest.Dispose();
    }
}
