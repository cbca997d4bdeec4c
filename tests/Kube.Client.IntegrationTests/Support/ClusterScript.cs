using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Kube.Client.IntegrationTests.Support;

/// <summary>Runs tools/cluster/cluster.sh of this repository (for what only the cluster's own tooling can do).</summary>
public static class ClusterScript
{
    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "tools", "cluster", "cluster.sh");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException($"tools/cluster/cluster.sh not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>
    /// Compacts etcd at its current revision: every older resourceVersion, and every continue
    /// token made from one, expires. Other clients' watches relist once; that is all it costs them.
    /// </summary>
    public static Task<string> EtcdCompactAsync() => RunAsync("etcd-compact");

    /// <summary>
    /// Starts a second kube-apiserver named <paramref name="name"/> on <paramref name="port"/> against the
    /// cluster's etcd, with extra flags; returns the script's output (which names its kubeconfig).
    /// </summary>
    public static Task<string> ApiserverStartAsync(string name, int port, params string[] extraFlags)
    {
        var arguments = new List<string> { "apiserver-start", "--name", name, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (extraFlags.Length > 0)
        {
            arguments.Add("--");
            arguments.AddRange(extraFlags);
        }
        return RunAsync(arguments.ToArray());
    }

    /// <summary>Stops a second kube-apiserver (SIGKILL with <paramref name="kill"/>, as a crash); its kubeconfig file goes too.</summary>
    public static Task<string> ApiserverStopAsync(string name, bool kill) =>
        RunAsync(kill ? new[] { "apiserver-stop", "--name", name, "--kill" } : new[] { "apiserver-stop", "--name", name });

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(" ", arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        return await stdout;
    }
}
