using System;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;

namespace Kube.Client.IntegrationTests.LeaderElection;

/// <summary>Runs kubectl against the local cluster, to cross-check what the library sees.</summary>
internal static class Kubectl
{
    public static async Task<JsonDocument> GetJsonAsync(string @namespace, string resource, string name)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--kubeconfig", LocalCluster.KubeconfigPath, "--context", LocalCluster.AdminContext, "-n", @namespace, "get", resource, name, "-o", "json" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kubectl get {resource} {name} -n {@namespace} failed ({process.ExitCode}): {await stderr}");
        return JsonDocument.Parse(await stdout);
    }
}
