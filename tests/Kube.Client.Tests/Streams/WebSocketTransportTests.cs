using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Rest;
using Kube.Client.Streams.RemoteCommand;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Streams;

/// <summary>
/// WebSocket handshakes go through the same transport as every request: the cluster's CA, the
/// client certificate, tokens, tls-server-name, proxies and redacted traces, on both stacks.
/// </summary>
public sealed class WebSocketTransportTests
{
    private static readonly Lazy<System.Security.Cryptography.X509Certificates.X509Certificate2> ServerCertificate =
        new(() => TestPki.Shared.IssueServer(new[] { "localhost", "kube.test" }, new[] { IPAddress.Loopback }));

    private static RestConfig TlsConfig(StreamingTestServer server) => new()
    {
        Host = server.Url,
        Qps = 0,
        Source = "context \"test\" in /tmp/test-config",
        Tls = new TlsConfig { CaData = TestPki.Bytes(TestPki.Shared.CaPem) },
    };

    private static async Task<string> Echo(RestClient rest, string text)
    {
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "echo", text } });
        var output = new StringBuilder();
        await foreach (var line in session.ReadLinesAsync()) output.Append(line.Text);
        Assert.Equal(0, (await session.Completion).ExitCode);
        return output.ToString();
    }

    private static (StreamingTestServer Server, FakeKubelet Kubelet) Start(bool tls, bool requireClientCertificate = false)
    {
        var server = new StreamingTestServer(tls ? ServerCertificate.Value : null, requireClientCertificate);
        var kubelet = new FakeKubelet();
        kubelet.Pods["ns/web"] = FakeKubelet.PodJson("ns", "web");
        server.Handler = kubelet.Handle;
        return (server, kubelet);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tls_with_a_client_certificate_and_the_clusters_ca(bool own)
    {
        var (server, _) = Start(tls: true, requireClientCertificate: true);
        await using var _server = server;
        var (cert, key) = TestPki.Shared.IssueClientRsa("stream-user", pkcs8: true);
        var config = TlsConfig(server);
        config.Tls.CertData = TestPki.Bytes(cert);
        config.Tls.KeyData = TestPki.Bytes(key);
        using var rest = StreamTestClients.Create(config, own);

        Assert.Equal("over tls", await Echo(rest, "over tls"));

        var request = server.Requests.Single(r => r.Path.EndsWith("/exec", StringComparison.Ordinal));
        Assert.StartsWith("CN=stream-user", request.ClientCertificateSubject);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_bearer_token_and_user_agent_go_with_the_handshake(bool own)
    {
        var (server, _) = Start(tls: true);
        await using var _server = server;
        var config = TlsConfig(server);
        config.BearerToken = "secret-token";
        config.UserAgent = "stream-tests/1.0";
        using var rest = StreamTestClients.Create(config, own);

        await Echo(rest, "x");

        var request = server.Requests.Single(r => r.Path.EndsWith("/exec", StringComparison.Ordinal));
        Assert.Equal("Bearer secret-token", request.Header("Authorization"));
        Assert.Equal("stream-tests/1.0", request.Header("User-Agent"));
        Assert.Equal("websocket", request.Header("Upgrade"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_certificate_the_cluster_ca_did_not_sign_is_refused(bool own)
    {
        var (server, _) = Start(tls: true);
        await using var _server = server;
        var config = TlsConfig(server);
        config.Tls.CaData = TestPki.Bytes(new TestPki("other-ca").CaPem);
        using var rest = StreamTestClients.Create(config, own);

        var error = await Assert.ThrowsAsync<KubeConnectionException>(() => Echo(rest, "x"));

        Assert.Contains("Could not reach the API server", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Our_own_stack_sends_tls_server_name_as_sni()
    {
        var (server, _) = Start(tls: true);
        await using var _server = server;
        var config = TlsConfig(server);
        config.Tls.ServerName = "kube.test";
        using var rest = StreamTestClients.Create(config, ownWebSocketStack: true);

        await Echo(rest, "x");

        Assert.Equal("kube.test", server.Requests.Single(r => r.Path.EndsWith("/exec", StringComparison.Ordinal)).ServerName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_handshake_goes_through_the_configured_proxy(bool own)
    {
        var (server, _) = Start(tls: true);
        await using var _server = server;
        await using var proxy = new ConnectProxy { RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("proxy-user:p@ss")) };
        var config = TlsConfig(server);
        config.Proxy = new Uri($"http://proxy-user:p%40ss@127.0.0.1:{proxy.Url.Port}");
        using var rest = StreamTestClients.Create(config, own);

        Assert.Equal("proxied", await Echo(rest, "proxied"));

        Assert.Contains(proxy.Tunnels, t => t.Target == $"127.0.0.1:{server.Port}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_trace_of_a_handshake_redacts_the_credentials(bool own)
    {
        var (server, _) = Start(tls: true);
        await using var _server = server;
        var config = TlsConfig(server);
        config.BearerToken = "secret-token";
        using var rest = StreamTestClients.Create(config, own);
        var listener = new RecordingListener();

        using (RequestListenerScope.Push(listener))
            await Echo(rest, "x");

        var traces = string.Join("\n", listener.Traces);
        Assert.Contains("/exec", traces);
        Assert.Contains("Authorization: Bearer <redacted>", traces);
        Assert.DoesNotContain("secret-token", traces);
        Assert.Contains("101", traces);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_answers_the_upgrade_with_200_is_a_clear_error(bool own)
    {
        await using var server = new StreamingTestServer();
        server.Handler = (_, exchange) => exchange.RespondAsync(200, "{}");
        using var rest = StreamTestClients.Create(new RestConfig { Host = server.Url, Qps = 0 }, own);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => Echo(rest, "x"));

        Assert.Contains("instead of upgrading the connection to websocket", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refusal_with_a_chunked_status_body_is_read_whole(bool own)
    {
        await using var server = new StreamingTestServer();
        server.Handler = async (_, exchange) =>
        {
            await exchange.StartChunkedAsync(403, "application/json");
            var body = Encoding.UTF8.GetBytes("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods \\\"web\\\" is forbidden: User \\\"x\\\" cannot get resource \\\"pods/exec\\\"\",\"reason\":\"Forbidden\",\"code\":403}");
            await exchange.WriteChunkAsync(body.AsMemory(0, 20));
            await exchange.WriteChunkAsync(body.AsMemory(20));
            await exchange.EndChunkedAsync();
        };
        using var rest = StreamTestClients.Create(new RestConfig { Host = server.Url, Qps = 0 }, own);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => Echo(rest, "x"));

        Assert.True(error.IsForbidden);
        Assert.Contains("cannot get resource \"pods/exec\"", error.Message);
    }

    [Fact]
    public async Task A_handshake_answered_with_the_wrong_accept_key_is_refused()
    {
        await using var server = new StreamingTestServer();
        server.Handler = async (_, exchange) =>
        {
            var head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n";
            await exchange.Stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await exchange.Stream.FlushAsync();
            await Task.Delay(1000);
        };
        using var rest = StreamTestClients.Create(new RestConfig { Host = server.Url, Qps = 0 }, ownWebSocketStack: true);

        var error = await Assert.ThrowsAsync<KubeConnectionException>(() => Echo(rest, "x"));

        Assert.Contains("Sec-WebSocket-Accept", error.Message);
    }

    [Fact]
    public async Task A_server_that_is_not_listening_is_a_connection_error()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var config = new RestConfig { Host = new Uri($"http://127.0.0.1:{port}"), Qps = 0 };
        using var rest = StreamTestClients.Create(config, ownWebSocketStack: true);
        rest.RetryPolicy = RetryPolicy.None;

        var error = await Assert.ThrowsAsync<KubeConnectionException>(() => Echo(rest, "x"));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }
}
