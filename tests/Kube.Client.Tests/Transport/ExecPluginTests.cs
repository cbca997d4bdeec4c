using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Tests.Support;
using Kube.Client.Transport;
using Kube.Client.Transport.Exec;
using Xunit;

namespace Kube.Client.Tests.Transport;

/// <summary>
/// Exec credential plugins, with a real plugin: a shell script written per test that counts its
/// runs in a file, records KUBERNETES_EXEC_INFO and its arguments, and prints an ExecCredential.
/// </summary>
public sealed class ExecPluginTests : IDisposable
{
    private const string Script = """
        #!/bin/sh
        echo run >> "$COUNT_FILE"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO_FILE"
        printf '%s\n' "$@" > "$ARGS_FILE"
        n=$(wc -l < "$COUNT_FILE" | tr -d ' ')
        if [ -n "$OUTPUT_FILE" ]; then cat "$OUTPUT_FILE"; exit 0; fi
        printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"token-%s"%s}}' "$API_VERSION" "$n" "$EXTRA"
        """;

    private readonly TempDirectory _dir = new();

    public ExecPluginTests()
    {
        Plugin = _dir.WriteExecutable("bin/get-token", Script + "\n");
    }

    public void Dispose() => _dir.Dispose();

    private string Plugin { get; }

    private int Runs => File.Exists(_dir.Combine("count")) ? File.ReadAllLines(_dir.Combine("count")).Length : 0;

    private ExecConfig Exec(string extra = "", string apiVersion = ExecConfig.ApiVersionV1, string? output = null) => new()
    {
        ApiVersion = apiVersion,
        Command = Plugin,
        Args = new List<string> { "--cluster", "two words" },
        Env = new List<KeyValuePair<string, string>>
        {
            new("COUNT_FILE", _dir.Combine("count")),
            new("INFO_FILE", _dir.Combine("info")),
            new("ARGS_FILE", _dir.Combine("args")),
            new("API_VERSION", apiVersion),
            new("EXTRA", extra),
            new("OUTPUT_FILE", output ?? ""),
        },
    };

    private static string Expiry(DateTimeOffset at) => $",\"expirationTimestamp\":\"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\"";

    private static async Task<HttpStatusCode> Get(HttpClient client, TlsTestServer server, string path = "/api")
    {
        using var response = await client.GetAsync(new Uri(server.Url, path));
        return response.StatusCode;
    }

    [Fact]
    public async Task Token_is_cached_until_it_expires_and_shared_by_handlers_of_one_config()
    {
        await using var server = TestServers.Start();
        var config = TestServers.ConfigFor(server);
        config.ExecProvider = Exec(Expiry(DateTimeOffset.UtcNow.AddHours(1)));

        using (var client = new HttpClient(HttpTransport.CreateHandler(config)))
        {
            await Get(client, server);
            await Get(client, server);
        }
        using (var client = new HttpClient(HttpTransport.CreateHandler(config.Clone())))
        {
            await Get(client, server);
        }

        Assert.Equal(1, Runs);
        Assert.All(server.Requests, r => Assert.Equal("Bearer token-1", r.Header("Authorization")));
    }

    [Fact]
    public async Task An_expired_credential_runs_the_plugin_again()
    {
        await using var server = TestServers.Start();
        var config = TestServers.ConfigFor(server);
        config.ExecProvider = Exec(Expiry(DateTimeOffset.UtcNow.AddMinutes(-1)));
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        await Get(client, server);
        await Get(client, server);

        Assert.Equal(2, Runs);
        Assert.Equal(new[] { "Bearer token-1", "Bearer token-2" }, server.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task Provider_keeps_the_credential_until_the_clock_passes_its_expiry()
    {
        var now = DateTimeOffset.UtcNow;
        var config = new RestConfig { ExecProvider = Exec(Expiry(now.AddMinutes(10))) };
        var provider = new ExecCredentialProvider(config.ExecProvider, ExecCredentialProvider.BuildExecInfo(config), "test", () => now);

        var first = await provider.GetAsync(default);
        now = now.AddMinutes(9);
        Assert.Same(first, await provider.GetAsync(default));
        now = now.AddMinutes(2);
        var second = await provider.GetAsync(default);

        Assert.Equal("token-1", first.Token);
        Assert.Equal("token-2", second.Token);
        Assert.Equal(2, provider.Runs);
    }

    [Fact]
    public async Task Concurrent_callers_wait_for_a_single_run()
    {
        var config = new RestConfig { ExecProvider = Exec() };
        var provider = new ExecCredentialProvider(config.ExecProvider, ExecCredentialProvider.BuildExecInfo(config), "test");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetAsync(default)));

        Assert.Equal(1, Runs);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public async Task A_401_runs_the_plugin_once_more_and_replays_the_request()
    {
        await using var server = TestServers.Start();
        server.Respond = r => r.Header("Authorization") == "Bearer token-1" ? (401, "{}") : (200, "{}");
        var config = TestServers.ConfigFor(server);
        config.ExecProvider = Exec();
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        Assert.Equal(HttpStatusCode.OK, await Get(client, server));
        Assert.Equal(HttpStatusCode.OK, await Get(client, server));

        Assert.Equal(2, Runs);
        Assert.Equal(new[] { "Bearer token-1", "Bearer token-2", "Bearer token-2" }, server.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task A_lasting_401_runs_the_plugin_only_once_per_request()
    {
        await using var server = TestServers.Start();
        server.Respond = _ => (401, "{}");
        var config = TestServers.ConfigFor(server);
        config.ExecProvider = Exec();
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        Assert.Equal(HttpStatusCode.Unauthorized, await Get(client, server));

        Assert.Equal(2, Runs);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Plugin_gets_its_arguments_environment_and_exec_info_without_cluster_by_default()
    {
        var config = new RestConfig { Host = new Uri("https://k.example:6443"), ExecProvider = Exec(apiVersion: ExecConfig.ApiVersionV1Beta1) };
        var provider = new ExecCredentialProvider(config.ExecProvider, ExecCredentialProvider.BuildExecInfo(config), "test");

        await provider.GetAsync(default);

        Assert.Equal(new[] { "--cluster", "two words" }, File.ReadAllLines(_dir.Combine("args")));
        using var info = JsonDocument.Parse(File.ReadAllText(_dir.Combine("info")));
        Assert.Equal("ExecCredential", info.RootElement.GetProperty("kind").GetString());
        Assert.Equal(ExecConfig.ApiVersionV1Beta1, info.RootElement.GetProperty("apiVersion").GetString());
        Assert.False(info.RootElement.GetProperty("spec").GetProperty("interactive").GetBoolean());
        Assert.False(info.RootElement.GetProperty("spec").TryGetProperty("cluster", out _));
    }

    [Fact]
    public async Task Plugin_gets_the_cluster_when_provide_cluster_info_is_set()
    {
        var config = new RestConfig
        {
            Host = new Uri("https://k.example:6443"),
            Tls = new TlsConfig { CaData = TestPki.Bytes(TestPki.Shared.CaPem), ServerName = "inner.example" },
            ExecProvider = Exec(),
        };
        config.ExecProvider.ProvideClusterInfo = true;
        config.ExecProvider.ClusterConfigJson = """{"audience":"kube","retries":3}""";
        var provider = new ExecCredentialProvider(config.ExecProvider, ExecCredentialProvider.BuildExecInfo(config), "test");

        await provider.GetAsync(default);

        using var info = JsonDocument.Parse(File.ReadAllText(_dir.Combine("info")));
        var cluster = info.RootElement.GetProperty("spec").GetProperty("cluster");
        Assert.Equal("https://k.example:6443", cluster.GetProperty("server").GetString());
        Assert.Equal("inner.example", cluster.GetProperty("tls-server-name").GetString());
        Assert.Equal(TestPki.Bytes(TestPki.Shared.CaPem), cluster.GetProperty("certificate-authority-data").GetBytesFromBase64());
        Assert.Equal("kube", cluster.GetProperty("config").GetProperty("audience").GetString());
        Assert.Equal(3, cluster.GetProperty("config").GetProperty("retries").GetInt32());
    }

    [Fact]
    public async Task Plugin_client_certificate_is_presented_to_the_server()
    {
        await using var server = TestServers.Start();
        var (certificate, key) = TestPki.Shared.IssueClientEc("exec-user", pkcs8: false);
        var output = _dir.Write("credential.json", JsonSerializer.Serialize(new
        {
            apiVersion = ExecConfig.ApiVersionV1,
            kind = "ExecCredential",
            status = new { clientCertificateData = certificate, clientKeyData = key },
        }));
        var config = TestServers.ConfigFor(server);
        config.ExecProvider = Exec(output: output);
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        await Get(client, server);

        var request = server.Requests.Single();
        Assert.Equal("CN=exec-user", request.ClientCertificateSubject);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Missing_command_names_it_and_gives_the_install_hint()
    {
        var config = new RestConfig { Source = "context \"sso\" in /home/me/.kube/config", ExecProvider = Exec() };
        config.ExecProvider.Command = _dir.Combine("bin", "kubelogin-missing");
        config.ExecProvider.InstallHint = "Install kubelogin: https://example.invalid/kubelogin";
        var provider = new ExecCredentialProvider(config.ExecProvider, "{}", config.Source);

        var error = await Assert.ThrowsAsync<ExecPluginException>(() => provider.GetAsync(default));

        Assert.StartsWith($"exec plugin \"{_dir.Combine("bin", "kubelogin-missing")}\" (context \"sso\" in /home/me/.kube/config) could not be run: ", error.Message);
        Assert.Contains("not installed or not on PATH", error.Message);
        Assert.EndsWith("Install kubelogin: https://example.invalid/kubelogin", error.Message);
    }

    [Fact]
    public async Task Failure_carries_exit_code_and_stderr_with_tokens_masked()
    {
        var failing = _dir.WriteExecutable("bin/failing", "#!/bin/sh\necho 'login required: token=abc123SECRET expired' >&2\necho 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZSJ9.c2lnbmF0dXJl' >&2\necho '{\"status\":{\"token\":\"STDOUTSECRET\"}}'\nexit 3\n");
        var exec = new ExecConfig { Command = failing };
        var provider = new ExecCredentialProvider(exec, "{}", "context \"c\" in /k");

        var error = await Assert.ThrowsAsync<ExecPluginException>(() => provider.GetAsync(default));

        Assert.Equal(3, error.ExitCode);
        Assert.StartsWith($"exec plugin \"{failing}\" (context \"c\" in /k) failed with exit code 3: login required: token=[redacted] expired", error.Message);
        Assert.DoesNotContain("abc123SECRET", error.Message);
        Assert.DoesNotContain("eyJzdWIiOiJtZSJ9", error.Message);
        Assert.DoesNotContain("STDOUTSECRET", error.Message);
    }

    [Fact]
    public async Task A_plugin_that_hangs_is_stopped_at_the_timeout()
    {
        var slow = _dir.WriteExecutable("bin/slow", "#!/bin/sh\nsleep 30\n");
        var exec = new ExecConfig { Command = slow, Timeout = TimeSpan.FromMilliseconds(300) };
        var provider = new ExecCredentialProvider(exec, "{}", "test");
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExecPluginException>(() => provider.GetAsync(default));

        Assert.Contains("did not finish within 0.3 s and was stopped", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Cancellation_stops_the_plugin()
    {
        var slow = _dir.WriteExecutable("bin/slow", "#!/bin/sh\nsleep 30\n");
        var provider = new ExecCredentialProvider(new ExecConfig { Command = slow }, "{}", "test");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetAsync(cancel.Token));
    }

    [Theory]
    [InlineData("not json at all SECRET", "the output is not JSON")]
    [InlineData("", "the output is empty")]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"SECRET"}}""", "it is of apiVersion \"client.authentication.k8s.io/v1beta1\" but the kubeconfig asks for \"client.authentication.k8s.io/v1\"")]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}""", "it has no status")]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}""", "status has neither a token nor clientCertificateData and clientKeyData")]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"x"}}""", "status.clientCertificateData and status.clientKeyData must be given together")]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"SECRET","expirationTimestamp":"soon"}}""", "status.expirationTimestamp \"soon\" is not an RFC 3339 time")]
    public async Task Invalid_output_is_described_without_echoing_it(string output, string expected)
    {
        var file = _dir.Write("out.json", output);
        var provider = new ExecCredentialProvider(Exec(output: file), "{}", "context \"c\" in /k");

        var error = await Assert.ThrowsAsync<ExecPluginException>(() => provider.GetAsync(default));

        Assert.Equal($"exec plugin \"{Plugin}\" (context \"c\" in /k) returned an invalid ExecCredential: {expected}", error.Message);
        Assert.DoesNotContain("SECRET", error.Message);
    }

    [Fact]
    public void Interactive_mode_always_is_refused_with_a_clear_message()
    {
        var config = new RestConfig { Source = "context \"c\" in /k", ExecProvider = Exec() };
        config.ExecProvider.InteractiveMode = "Always";

        var error = Assert.Throws<ExecPluginException>(() => HttpTransport.CreateHandler(config));

        Assert.Contains("requires interactive mode", error.Message);
    }

    [Fact]
    public async Task Kubeconfig_exec_with_a_relative_command_runs_end_to_end()
    {
        await using var server = TestServers.Start();
        var caFile = _dir.Write("ca.crt", TestPki.Shared.CaPem);
        var kubeconfig = _dir.Write("config", $"""
            apiVersion: v1
            kind: Config
            current-context: sso
            clusters:
            - name: test
              cluster:
                server: {server.Url}
                certificate-authority: ca.crt
            users:
            - name: sso
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/get-token
                  interactiveMode: Never
                  env:
                  - name: COUNT_FILE
                    value: {_dir.Combine("count")}
                  - name: INFO_FILE
                    value: {_dir.Combine("info")}
                  - name: ARGS_FILE
                    value: {_dir.Combine("args")}
                  - name: API_VERSION
                    value: client.authentication.k8s.io/v1
            contexts:
            - name: sso
              context:
                cluster: test
                user: sso
            """);
        var config = await KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(kubeconfig));
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        Assert.Equal(HttpStatusCode.OK, await Get(client, server));

        Assert.Equal(caFile, config.Tls.CaFile);
        Assert.Equal("Bearer token-1", server.Requests.Single().Header("Authorization"));
    }
}
