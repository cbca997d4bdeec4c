using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Kube.Client.IntegrationTests.InCluster;

/// <summary>
/// What only this machine can do to the local node (tools/cluster/node.sh): kill a container's
/// process through the node's containerd, and read a pod's volume files where the kubelet writes them.
/// </summary>
internal static class NodeHost
{
    public static string CacheRoot
    {
        get
        {
            string? cache = Environment.GetEnvironmentVariable("KUBE_PS_CACHE");
            return string.IsNullOrEmpty(cache)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kube-powershell")
                : cache;
        }
    }

    public static string ContainerdSocket => Path.Combine(CacheRoot, "cluster", "run", "containerd.sock");

    public static string KubeletRoot => Path.Combine(CacheRoot, "cluster", "node", "kubelet");

    /// <summary>The file <paramref name="file"/> of the projected volume <paramref name="volume"/> of a pod, as the kubelet keeps it.</summary>
    public static string ProjectedVolumeFile(string podUid, string volume, string file) =>
        Path.Combine(KubeletRoot, "pods", podUid, "volumes", "kubernetes.io~projected", volume, file);

    /// <summary>
    /// SIGKILLs the main process of a container (its status's containerID, "containerd://ID"), as
    /// an OOM kill or a crash would: the pod stays and the kubelet restarts the container.
    /// </summary>
    public static async Task KillContainerAsync(string containerId)
    {
        const string prefix = "containerd://";
        if (!containerId.StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException($"not a containerd container id: {containerId}", nameof(containerId));
        var start = new ProcessStartInfo("ctr") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "--address", ContainerdSocket, "--namespace", "k8s.io", "tasks", "kill", "--signal", "SIGKILL", containerId.Substring(prefix.Length) })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ctr did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ctr tasks kill {containerId} failed ({process.ExitCode}): {await stderr}");
    }
}
