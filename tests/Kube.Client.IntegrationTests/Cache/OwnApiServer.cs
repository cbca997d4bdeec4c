using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;

namespace Kube.Client.IntegrationTests.Cache;

/// <summary>
/// A kube-apiserver of this test's own on the cluster's etcd (never the main one, which others use):
/// it can be killed, restarted and started with odd flags. Its kubeconfig is read at once, since
/// cluster.sh removes the file when the server stops.
/// </summary>
public sealed class OwnApiServer : IAsyncDisposable
{
    private readonly string[] _flags;
    private bool _running;

    private OwnApiServer(string name, int port, string[] flags)
    {
        Name = name;
        Port = port;
        _flags = flags;
    }

    public string Name { get; }

    public int Port { get; }

    public RestConfig AdminConfig { get; private set; } = new();

    public RestConfig ViewerConfig { get; private set; } = new();

    /// <summary>Starts an apiserver named inf-&lt;random&gt; on a free port.</summary>
    public static async Task<OwnApiServer> StartAsync(params string[] flags)
    {
        var server = new OwnApiServer("inf-" + Guid.NewGuid().ToString("N").Substring(0, 8), FreePort(), flags);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        string output = await ClusterScript.ApiserverStartAsync(Name, Port, _flags);
        _running = true;
        var match = Regex.Match(output, @"kubeconfig: (\S+)");
        string path = match.Success ? match.Groups[1].Value : Path.Combine(Path.GetDirectoryName(LocalCluster.KubeconfigPath)!, $"apiserver-{Name}.kubeconfig");
        AdminConfig = await Load(path, LocalCluster.AdminContext);
        ViewerConfig = await Load(path, LocalCluster.ViewerContext);
    }

    /// <summary>Kills the server (SIGKILL: open connections are reset, as in a crash).</summary>
    public async Task KillAsync()
    {
        await ClusterScript.ApiserverStopAsync(Name, kill: true);
        _running = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_running) await ClusterScript.ApiserverStopAsync(Name, kill: true);
        _running = false;
    }

    private static async Task<RestConfig> Load(string path, string context)
    {
        var config = await KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(path), new KubeconfigOverrides { Context = context });
        config.Qps = 0;
        return config;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
