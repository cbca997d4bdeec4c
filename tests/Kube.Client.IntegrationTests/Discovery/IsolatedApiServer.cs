using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Kube.Client.Config;
using Xunit;

namespace Kube.Client.IntegrationTests.Discovery;

/// <summary>
/// A second kube-apiserver on the local cluster's etcd but under its own key prefix, so what a
/// test registers there (an APIService whose service is missing, which breaks discovery of its
/// group) is invisible to the main API server and the engineers sharing it. Started with
/// tools/cluster/cluster.sh; stopped, and its keys and log removed, on dispose.
/// </summary>
public sealed class IsolatedApiServer : IAsyncLifetime
{
    private const string EtcdUrl = "http://127.0.0.1:12379";

    public IsolatedApiServer()
    {
        var suffix = Guid.NewGuid().ToString("N").Substring(0, 8);
        Name = "disc-it-" + suffix;
        EtcdPrefix = "/kube-ps-it-disc-" + suffix;
    }

    public string Name { get; }

    public string EtcdPrefix { get; }

    public string KubeconfigPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        int port = FreePort();
        try
        {
            var output = await ClusterAsync("apiserver-start", "--name", Name, "--port", port.ToString(), "--", "--etcd-prefix=" + EtcdPrefix);
            foreach (var line in output.Split('\n'))
            {
                const string marker = "kubeconfig: ";
                int at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) KubeconfigPath = line.Substring(at + marker.Length).Trim();
            }
            if (!File.Exists(KubeconfigPath))
                throw new InvalidOperationException($"cluster.sh apiserver-start gave no kubeconfig for {Name}:\n{output}");
        }
        catch
        {
            // Keep the log of a failed start for reading; stop whatever did start.
            await StopAsync(deleteLog: false);
            throw;
        }
    }

    public Task DisposeAsync() => StopAsync(deleteLog: true);

    private async Task StopAsync(bool deleteLog)
    {
        try
        {
            await ClusterAsync("apiserver-stop", "--name", Name, "--kill");
            // Each run has its own name, so its log would pile up.
            if (deleteLog && KubeconfigPath.Length > 0)
                File.Delete(Path.Combine(Path.GetDirectoryName(KubeconfigPath)!, "logs", "apiserver-" + Name + ".log"));
        }
        finally
        {
            await DeleteEtcdPrefixAsync();
        }
    }

    public Task<RestConfig> ConfigAsync() =>
        KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(KubeconfigPath), new KubeconfigOverrides { Context = "kube-ps-admin" });

    private async Task DeleteEtcdPrefixAsync()
    {
        // etcd's JSON gateway: delete every key in [prefix/, prefix0), '0' being the byte after '/'.
        string key = Convert.ToBase64String(Encoding.UTF8.GetBytes(EtcdPrefix + "/"));
        string end = Convert.ToBase64String(Encoding.UTF8.GetBytes(EtcdPrefix + "0"));
        using var http = new HttpClient();
        using var body = new StringContent($"{{\"key\":\"{key}\",\"range_end\":\"{end}\"}}", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(EtcdUrl + "/v3/kv/deleterange", body);
        response.EnsureSuccessStatusCode();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<string> ClusterAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "tools", "cluster", "cluster.sh"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cluster.sh did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string all = await stdout + await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(" ", args)} failed ({process.ExitCode}):\n{all}");
        return all;
    }

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Kube.PowerShell.sln"))) return dir.FullName;
            throw new InvalidOperationException($"No Kube.PowerShell.sln above {AppContext.BaseDirectory}.");
        }
    }
}
