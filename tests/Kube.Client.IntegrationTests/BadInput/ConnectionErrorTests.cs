using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.Rest;
using Kube.Client.Retry;
using Xunit;

namespace Kube.Client.IntegrationTests.BadInput;

/// <summary>A server that is not there is reported as such, naming where we tried to connect.</summary>
[Trait("Category", "Integration")]
public sealed class ConnectionErrorTests
{
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Server_that_is_down_is_a_connection_error_naming_the_server_and_refused()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        int port = FreeLoopbackPort();
        config.Host = new Uri($"https://127.0.0.1:{port}");
        using var rest = RestClient.Create(config);
        rest.RetryPolicy = new RetryPolicy(2, new Backoff(TimeSpan.FromMilliseconds(10), factor: 1, jitter: 0));

        var error = await Assert.ThrowsAsync<KubeConnectionException>(() => new Clientset(rest).CoreV1().Namespaces().ListAsync());

        Assert.Equal(config.Host, error.Server);
        Assert.StartsWith($"Could not reach the API server at https://127.0.0.1:{port} (", error.Message);
        Assert.Contains("kube-ps-admin", error.Message);
        Assert.Contains("GET /api/v1/namespaces", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(config.BearerToken!, error.ToString());
    }
}
