using System;
using System.IO;
using System.Threading.Tasks;
using Kube.Client.Config;

namespace Kube.Client.IntegrationTests.Config;

/// <summary>
/// The local control plane's kubeconfig: KUBE_PS_TEST_KUBECONFIG, else
/// $KUBE_PS_CACHE/cluster/kubeconfig (default ~/.cache/kube-powershell). Integration tests fail,
/// not skip, when it is missing.
/// </summary>
public static class LocalCluster
{
    public const string AdminContext = "kube-ps-admin";
    public const string CertContext = "kube-ps-cert";
    public const string ViewerContext = "kube-ps-viewer";

    public static string KubeconfigPath
    {
        get
        {
            var explicitPath = Environment.GetEnvironmentVariable("KUBE_PS_TEST_KUBECONFIG");
            if (!string.IsNullOrEmpty(explicitPath))
            {
                return explicitPath;
            }
            var cache = Environment.GetEnvironmentVariable("KUBE_PS_CACHE");
            if (string.IsNullOrEmpty(cache))
            {
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kube-powershell");
            }
            return Path.Combine(cache, "cluster", "kubeconfig");
        }
    }

    public static async Task<RestConfig> ConfigAsync(string context)
    {
        var path = KubeconfigPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The local cluster's kubeconfig {path} does not exist: start the local control plane first, or set KUBE_PS_TEST_KUBECONFIG.");
        }
        return await KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(path), new KubeconfigOverrides { Context = context });
    }
}
