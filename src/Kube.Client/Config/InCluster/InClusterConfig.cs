using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;

namespace Kube.Client.Config;

/// <summary>
/// The config of a process running in a pod (client-go's rest.InClusterConfig): the API server from
/// <c>KUBERNETES_SERVICE_HOST</c>/<c>KUBERNETES_SERVICE_PORT</c>, and the pod's service account
/// token, CA and namespace. The token is set as a token file, so the transport re-reads it as
/// the kubelet rotates it.
/// </summary>
public static class InClusterConfig
{
    public const string HostVariable = "KUBERNETES_SERVICE_HOST";
    public const string PortVariable = "KUBERNETES_SERVICE_PORT";

    /// <summary>True when the service variables and the token file are present.</summary>
    public static bool IsInCluster(InClusterOptions? options = null)
    {
        options ??= new InClusterOptions();
        return !string.IsNullOrEmpty(options.GetEnvironmentVariable(HostVariable)) &&
               !string.IsNullOrEmpty(options.GetEnvironmentVariable(PortVariable)) &&
               File.Exists(Path.Combine(options.ServiceAccountDirectory, "token"));
    }

    public static async Task<RestConfig> CreateAsync(InClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new InClusterOptions();
        var host = options.GetEnvironmentVariable(HostVariable);
        var port = options.GetEnvironmentVariable(PortVariable);
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeconfigException(
                $"in-cluster config: {HostVariable} and {PortVariable} must both be set (they are when running in a pod)");
        }
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var portNumber) ||
            portNumber is <= 0 or > 65535)
        {
            throw new KubeconfigException($"in-cluster config: {PortVariable} \"{port}\" is not a port number");
        }
        var hostPart = IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "[" + host + "]"
            : host;
        if (!Uri.TryCreate($"https://{hostPart}:{portNumber}", UriKind.Absolute, out var server))
        {
            throw new KubeconfigException($"in-cluster config: {HostVariable} \"{host}\" is not a host name or address");
        }

        var directory = options.ServiceAccountDirectory;
        var tokenPath = Path.Combine(directory, "token");
        string token;
        try
        {
            token = (await FileText.ReadAllTextAsync(tokenPath, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigException($"in-cluster config: service account token {tokenPath} cannot be read: {e.Message}", tokenPath, null, null, null, e);
        }

        var config = new RestConfig
        {
            Host = server,
            BearerToken = token,
            BearerTokenFile = tokenPath,
            Source = $"in-cluster service account ({directory})",
            Namespace = await ReadNamespaceAsync(options, cancellationToken).ConfigureAwait(false),
        };
        var caPath = Path.Combine(directory, "ca.crt");
        if (File.Exists(caPath))
        {
            config.Tls.CaFile = caPath;
        }
        return config;
    }

    /// <summary>POD_NAMESPACE, else the service account's namespace file, else "default" (as client-go).</summary>
    private static async Task<string> ReadNamespaceAsync(InClusterOptions options, CancellationToken cancellationToken)
    {
        var fromEnvironment = options.GetEnvironmentVariable("POD_NAMESPACE");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment!;
        }
        var path = Path.Combine(options.ServiceAccountDirectory, "namespace");
        if (File.Exists(path))
        {
            var text = (await FileText.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
            if (text.Length > 0)
            {
                return text;
            }
        }
        return "default";
    }
}
