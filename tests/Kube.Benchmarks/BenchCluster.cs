using System;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Rest;
using Kube.Client;

namespace Kube.Benchmarks;

/// <summary>The local control plane as the harness reaches it: one config, and a client per wire form.</summary>
public sealed class BenchCluster : IDisposable
{
    private BenchCluster(BenchOptions options, RestConfig json, RestConfig protobuf)
    {
        Options = options;
        JsonConfig = json;
        ProtobufConfig = protobuf;
        Json = RestClient.Create(json);
        Protobuf = RestClient.Create(protobuf);
        Clientset = new Clientset(Json);
        ProtobufClientset = new Clientset(Protobuf);
    }

    public BenchOptions Options { get; }

    public RestConfig JsonConfig { get; }

    public RestConfig ProtobufConfig { get; }

    public RestClient Json { get; }

    public RestClient Protobuf { get; }

    public Clientset Clientset { get; }

    public Clientset ProtobufClientset { get; }

    public static async Task<BenchCluster> ConnectAsync(BenchOptions options)
    {
        var json = await LoadAsync(options);
        var protobuf = await LoadAsync(options);
        protobuf.ContentType = MediaTypes.Protobuf;
        return new BenchCluster(options, json, protobuf);
    }

    /// <summary>A config with no client-side throttle: the figures are the client's, not the limiter's.</summary>
    public static async Task<RestConfig> LoadAsync(BenchOptions options)
    {
        var config = await KubeconfigLoader.LoadRestConfigAsync(
            KubeconfigLoadingRules.ForFile(options.Kubeconfig), new KubeconfigOverrides { Context = options.Context });
        config.Qps = 0;
        return config;
    }

    public void Dispose()
    {
        Json.Dispose();
        Protobuf.Dispose();
    }
}
