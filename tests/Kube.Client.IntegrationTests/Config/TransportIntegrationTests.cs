using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Transport;
using Xunit;

namespace Kube.Client.IntegrationTests.Config;

/// <summary>Config and transport against the real local API server (https://127.0.0.1:16443).</summary>
[Trait("Category", "Integration")]
public sealed class TransportIntegrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kube-ps-it-" + Guid.NewGuid().ToString("N").Substring(0, 10));

    public TransportIntegrationTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<HttpResponseMessage> Send(RestConfig config, HttpMethod method, string path, string? json = null, List<string>? warnings = null)
    {
        using var client = new HttpClient(HttpTransport.CreateHandler(config, warnings is null ? null : warnings.Add));
        using var request = new HttpRequestMessage(method, new Uri(config.Host, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<string> AdminTokenAsync()
    {
        var admin = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        var token = admin.BearerTokenFile is not null ? File.ReadAllText(admin.BearerTokenFile).Trim() : admin.BearerToken;
        Assert.False(string.IsNullOrEmpty(token), "the admin context should authenticate with a token");
        return token!;
    }

    [Fact]
    public async Task Admin_token_context_lists_namespaces_over_http2()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);

        using var response = await Send(config, HttpMethod.Get, "/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NamespaceList", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal(LocalCluster.AdminContext, config.ContextName);
    }

    [Fact]
    public async Task Client_certificate_context_is_authenticated()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.CertContext);
        Assert.True(config.Tls.HasClientCertificate, "kube-ps-cert should use a client certificate");

        using var response = await Send(config, HttpMethod.Get, "/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Viewer_context_can_read_discovery_but_may_not_create_namespaces()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.ViewerContext);

        using var discovery = await Send(config, HttpMethod.Get, "/api");
        using var create = await Send(config, HttpMethod.Post, "/api/v1/namespaces",
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kube-ps-viewer-should-not-create"}}""");

        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Without_credentials_the_server_refuses()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        config.BearerToken = null;
        config.BearerTokenFile = null;
        config.ExecProvider = null;
        config.Tls.CertData = config.Tls.KeyData = null;
        config.Tls.CertFile = config.Tls.KeyFile = null;

        using var response = await Send(config, HttpMethod.Get, "/api/v1/namespaces");

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
    }

    [Fact]
    public async Task A_different_ca_is_rejected_with_a_clear_message_and_insecure_connects_with_a_warning()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=unrelated", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var unrelated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var wrong = config.Clone();
        wrong.Tls.CaFile = null;
        wrong.Tls.CaData = Encoding.ASCII.GetBytes(unrelated.ExportCertificatePem());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Send(wrong, HttpMethod.Get, "/api"));
        Assert.Contains("certificate signed by unknown authority", error.Message);

        var insecure = config.Clone();
        insecure.Tls.CaFile = null;
        insecure.Tls.CaData = null;
        insecure.Tls.Insecure = true;
        var warnings = new List<string>();
        using var response = await Send(insecure, HttpMethod.Get, "/api", warnings: warnings);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("TLS certificate verification is disabled", Assert.Single(warnings));
    }

    [Fact]
    public async Task Token_file_and_exec_plugin_authenticate()
    {
        var token = await AdminTokenAsync();
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        config.BearerToken = null;
        config.BearerTokenFile = Path.Combine(_dir, "token");
        File.WriteAllText(config.BearerTokenFile, token + "\n");

        using (var response = await Send(config, HttpMethod.Get, "/api/v1/namespaces"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var plugin = Path.Combine(_dir, "plugin");
        File.WriteAllText(plugin, "#!/bin/sh\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"}}' \"$TOKEN\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        config.BearerTokenFile = null;
        config.ExecProvider = new ExecConfig
        {
            ApiVersion = ExecConfig.ApiVersionV1Beta1,
            Command = plugin,
            Env = new List<KeyValuePair<string, string>> { new("TOKEN", token) },
        };
        using (var response = await Send(config, HttpMethod.Get, "/api/v1/namespaces"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Impersonation_reaches_the_server()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        config.ImpersonateUser = "kube-ps-nobody";

        using var denied = await Send(config, HttpMethod.Get, "/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("kube-ps-nobody", await denied.Content.ReadAsStringAsync());

        config.ImpersonateGroups = new List<string> { "system:masters" };
        using var allowed = await Send(config, HttpMethod.Get, "/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Editor_adds_a_context_in_an_overlay_file_and_leaves_the_clusters_kubeconfig_alone()
    {
        var original = LocalCluster.KubeconfigPath;
        var before = File.ReadAllText(original);
        var overlay = Path.Combine(_dir, "overlay");
        File.WriteAllText(overlay, "apiVersion: v1\nkind: Config\n");
        var rules = new KubeconfigLoadingRules { Precedence = new List<string> { overlay, original } };
        var editor = await KubeconfigEditor.OpenAsync(rules);
        var viewer = editor.Config.Contexts[LocalCluster.ViewerContext];

        editor.SetContext("kube-ps-it-viewer", viewer.Cluster, viewer.User, "kube-system");
        await editor.SaveAsync();
        editor.UseContext("kube-ps-it-viewer");
        var written = await editor.SaveAsync();

        Assert.Equal(new[] { overlay }, written);
        Assert.Equal(before, File.ReadAllText(original));
        var config = await KubeconfigLoader.LoadRestConfigAsync(rules);
        Assert.Equal("kube-ps-it-viewer", config.ContextName);
        Assert.Equal("kube-system", config.Namespace);
        using var response = await Send(config, HttpMethod.Get, "/api");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
