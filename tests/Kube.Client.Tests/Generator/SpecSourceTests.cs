using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Kube.Generator.Spec;
using Xunit;

namespace Kube.Client.Tests.Generator;

public sealed class SpecSourceTests
{
    private const string Document = "{\"swagger\":\"2.0\",\"info\":{\"title\":\"Kubernetes\",\"version\":\"v1.20.2\"},\"paths\":{},\"definitions\":{\"io.example.widgets.v1.Gadget\":{\"type\":\"object\",\"properties\":{}}}}";

    [Fact]
    public async Task A_server_document_is_fetched_as_json_with_the_bearer_token()
    {
        using var server = new FakeOpenApiServer("s3cr3t-token");

        var spec = await new SpecSource(server.Url) { BearerToken = "s3cr3t-token" }.LoadAsync();

        Assert.Equal("v1.20.2", spec.Version);
        Assert.Contains("io.example.widgets.v1.Gadget", spec.Definitions.Keys);
        Assert.Equal("application/json", server.LastAccept);
    }

    [Fact]
    public async Task A_refused_request_names_the_url_and_status_but_not_the_token()
    {
        using var server = new FakeOpenApiServer("right-token");

        var error = await Assert.ThrowsAsync<SpecException>(() => new SpecSource(server.Url) { BearerToken = "wrong-token" }.LoadAsync());

        Assert.Contains("401", error.Message);
        Assert.Contains(server.Url, error.Message);
        Assert.DoesNotContain("wrong-token", error.Message);
    }

    [Fact]
    public async Task A_missing_file_is_reported_by_path()
    {
        var error = await Assert.ThrowsAsync<SpecException>(() => new SpecSource("/nonexistent/swagger.json").LoadAsync());

        Assert.Contains("/nonexistent/swagger.json", error.Message);
    }

    /// <summary>Serves the document at /openapi/v2 on loopback, to requests with the expected token only.</summary>
    private sealed class FakeOpenApiServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _token;

        public FakeOpenApiServer(string token)
        {
            _token = token;
            int port = FreePort();
            Url = $"http://127.0.0.1:{port}/openapi/v2";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }

        public string? LastAccept { get; private set; }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                LastAccept = context.Request.Headers["Accept"];
                bool authorized = context.Request.Headers["Authorization"] == "Bearer " + _token && context.Request.Url!.AbsolutePath == "/openapi/v2";
                context.Response.StatusCode = authorized ? 200 : 401;
                byte[] body = Encoding.UTF8.GetBytes(authorized ? Document : "{\"kind\":\"Status\",\"code\":401}");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
