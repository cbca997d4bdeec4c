using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Kube.Client.Tests.Support;
using Kube.Client.Transport;
using Xunit;

namespace Kube.Client.Tests.Transport;

public sealed class ProxyTransportTests
{
    [Fact]
    public async Task Requests_tunnel_through_the_configured_http_proxy_with_its_credentials()
    {
        await using var server = TestServers.Start();
        await using var proxy = new ConnectProxy
        {
            RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("proxy-user:p@ss")),
        };
        var config = TestServers.ConfigFor(server);
        config.Proxy = new Uri($"http://proxy-user:p%40ss@127.0.0.1:{proxy.Url.Port}");
        config.BearerToken = "through-the-tunnel";
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        using var response = await client.GetAsync(new Uri(server.Url, "/api"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"127.0.0.1:{server.Port}", proxy.Tunnels.Single().Target);
        Assert.Equal("Bearer through-the-tunnel", server.Requests.Single().Header("Authorization"));
    }

    [Fact]
    public async Task Without_a_proxy_url_no_tunnel_is_used()
    {
        await using var server = TestServers.Start();
        await using var proxy = new ConnectProxy();
        var config = TestServers.ConfigFor(server);
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        using var response = await client.GetAsync(new Uri(server.Url, "/api"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(proxy.Tunnels);
    }
}
