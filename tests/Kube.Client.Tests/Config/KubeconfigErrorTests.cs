using System;
using System.IO;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Config;

/// <summary>Every error names the file and the field (and line and column for YAML), and no secret.</summary>
public sealed class KubeconfigErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<KubeconfigException> LoadError(string yaml)
    {
        var path = _dir.Write("config", yaml);
        return await Assert.ThrowsAsync<KubeconfigException>(() => KubeconfigLoader.LoadFileAsync(path));
    }

    private async Task<KubeconfigException> RestConfigError(string yaml, KubeconfigOverrides? overrides = null)
    {
        var path = _dir.Write("config", yaml);
        var config = await KubeconfigLoader.LoadFileAsync(path);
        return Assert.Throws<KubeconfigException>(() => config.CreateRestConfig(overrides));
    }

    private string ConfigPath => _dir.Combine("config");

    [Fact]
    public async Task Yaml_syntax_error_names_file_line_and_column()
    {
        var error = await LoadError("apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: [1,\n");

        Assert.StartsWith($"Kubeconfig {ConfigPath}: line ", error.Message);
        Assert.Equal(ConfigPath, error.FilePath);
        Assert.NotNull(error.Line);
        Assert.NotNull(error.Column);
    }

    [Fact]
    public async Task Unclosed_flow_sequence_is_a_syntax_error_with_position()
    {
        // YamlDotNet's scanner fails on this input with an InvalidOperationException, not a YamlException.
        var error = await LoadError("apiVersion: v1\nclusters:\n- name: a\n  cluster:\n    server: [https://k:6443\ncontexts: []\n");

        Assert.Matches(@"^Kubeconfig .+: line [5-7], column \d+: ", error.Message);
        Assert.Equal(ConfigPath, error.FilePath);
        Assert.InRange(error.Line!.Value, 5, 7);
        Assert.NotNull(error.Column);
    }

    [Fact]
    public async Task An_unclosed_flow_sequence_before_more_lines_names_file_and_line()
    {
        // YamlDotNet reports this one with an InvalidOperationException rather than a YamlException.
        var error = await LoadError("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:16443\n    bad: [unclosed\ncontexts: []\n");

        Assert.Equal($"Kubeconfig {ConfigPath}: line 7, column 10: malformed YAML in the node that starts here (is a bracket or quote left open?)", error.Message);
        Assert.Equal(ConfigPath, error.FilePath);
        Assert.Equal(7, error.Line);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task Duplicate_key_is_a_syntax_error_with_position()
    {
        var error = await LoadError("apiVersion: v1\nkind: Config\nkind: Config\n");

        Assert.Matches(@"^Kubeconfig .+: line 3, column 1: .*[Dd]uplicate key", error.Message);
    }

    [Fact]
    public async Task Wrong_type_names_the_field_path_line_and_column()
    {
        var error = await LoadError("""
            apiVersion: v1
            clusters:
            - name: prod
              cluster:
                server:
                  nested: true
            """);

        Assert.Equal($"Kubeconfig {ConfigPath}: line 6, column 7: clusters[\"prod\"].cluster.server: expected a string, found a mapping", error.Message);
        Assert.Equal("clusters[\"prod\"].cluster.server", error.Field);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public async Task Invalid_base64_names_the_field_and_never_echoes_the_value()
    {
        var error = await LoadError("""
            users:
            - name: admin
              user:
                client-key-data: not*base64*SECRETKEY
            """);

        Assert.Equal($"Kubeconfig {ConfigPath}: line 4, column 22: users[\"admin\"].user.client-key-data: is not valid base64", error.Message);
        Assert.DoesNotContain("SECRETKEY", error.Message);
    }

    [Fact]
    public async Task Entry_without_a_name_is_an_error()
    {
        var error = await LoadError("contexts:\n- context: {cluster: a}\n");

        Assert.Equal($"Kubeconfig {ConfigPath}: line 2, column 3: contexts[0].name: is missing; every entry needs a name", error.Message);
    }

    [Fact]
    public async Task Two_entries_with_one_name_in_one_file_is_an_error()
    {
        var error = await LoadError("contexts:\n- name: a\n  context: {}\n- name: a\n  context: {}\n");

        Assert.Equal($"Kubeconfig {ConfigPath}: line 4, column 3: contexts[1]: a second entry named \"a\" (the first is at line 2, column 3)", error.Message);
    }

    [Fact]
    public async Task Wrong_kind_is_an_error()
    {
        var error = await LoadError("apiVersion: v1\nkind: Pod\n");

        Assert.Equal($"Kubeconfig {ConfigPath}: line 2, column 7: kind: expected \"Config\", found \"Pod\"", error.Message);
    }

    [Fact]
    public async Task Exec_without_api_version_or_with_a_bad_interactive_mode_is_an_error()
    {
        var noVersion = await LoadError("users:\n- name: u\n  user:\n    exec:\n      command: x\n");
        Assert.Contains("users[\"u\"].user.exec.apiVersion: is missing", noVersion.Message);

        var badMode = await LoadError("users:\n- name: u\n  user:\n    exec:\n      command: x\n      apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Sometimes\n");
        Assert.Equal($"Kubeconfig {ConfigPath}: line 7, column 24: users[\"u\"].user.exec.interactiveMode: \"Sometimes\" is not one of Never, IfAvailable, Always", badMode.Message);

        var alpha = await LoadError("users:\n- name: u\n  user:\n    exec:\n      command: x\n      apiVersion: client.authentication.k8s.io/v1alpha1\n");
        Assert.Contains("\"client.authentication.k8s.io/v1alpha1\" is not supported", alpha.Message);
    }

    [Fact]
    public async Task Context_not_found_lists_the_files_and_the_known_contexts()
    {
        var a = _dir.Write("a", "current-context: dev\ncontexts:\n- name: y\n  context: {}\n- name: x\n  context: {}\n");
        var b = _dir.Write("b", "contexts:\n- name: z\n  context: {}\n");
        var rules = KubeconfigLoadingRules.FromEnvironment(null, n => n == "KUBECONFIG" ? a + Path.PathSeparator + b : null);
        var config = await KubeconfigLoader.LoadAsync(rules);

        var error = Assert.Throws<KubeconfigException>(() => config.CreateRestConfig());
        Assert.Equal($"context \"dev\" (current-context of {a}) not found in {a}{Path.PathSeparator}{b} (known contexts: x, y, z)", error.Message);

        var overridden = Assert.Throws<KubeconfigException>(() => config.CreateRestConfig(new KubeconfigOverrides { Context = "nope" }));
        Assert.Equal($"context \"nope\" not found in {a}{Path.PathSeparator}{b} (known contexts: x, y, z)", overridden.Message);
    }

    [Fact]
    public async Task No_current_context_is_an_error()
    {
        var error = await RestConfigError("contexts:\n- name: x\n  context: {}\n");

        Assert.Equal($"no context chosen: current-context is not set in {ConfigPath} and no context was given (known contexts: x)", error.Message);
    }

    [Fact]
    public async Task Missing_cluster_and_user_are_named_with_their_context()
    {
        var cluster = await RestConfigError("current-context: c\ncontexts:\n- name: c\n  context: {cluster: gone, user: u}\n");
        Assert.Equal($"cluster \"gone\" of context \"c\" in {ConfigPath} not found in {ConfigPath} (no clusters are defined)", cluster.Message);
        Assert.Equal(3, cluster.Line);

        var user = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {server: https://k}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n");
        Assert.Equal($"user \"u\" of context \"c\" in {ConfigPath} not found in {ConfigPath} (no users are defined)", user.Message);
    }

    [Fact]
    public async Task Cluster_without_server_is_an_error()
    {
        var error = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {}\ncontexts:\n- name: c\n  context: {cluster: k}\n");

        Assert.Equal($"cluster \"k\" in {ConfigPath}: server is not set", error.Message);
        Assert.Equal("clusters[\"k\"].cluster.server", error.Field);
    }

    [Fact]
    public async Task Missing_files_are_named_with_their_user_or_cluster()
    {
        var cert = _dir.Combine("x", "y.crt");
        var userError = await RestConfigError($"current-context: c\nclusters:\n- name: k\n  cluster: {{server: https://k}}\nusers:\n- name: u\n  user:\n    client-certificate: x/y.crt\n    client-key: x/y.key\ncontexts:\n- name: c\n  context: {{cluster: k, user: u}}\n");
        Assert.Equal($"user \"u\" in {ConfigPath}: client-certificate file {cert} does not exist", userError.Message);

        var caError = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {server: https://k, certificate-authority: /nonexistent/ca.crt}\ncontexts:\n- name: c\n  context: {cluster: k}\n");
        Assert.Equal($"cluster \"k\" in {ConfigPath}: certificate-authority file /nonexistent/ca.crt does not exist", caError.Message);

        var tokenError = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {server: https://k}\nusers:\n- name: u\n  user: {tokenFile: /nonexistent/token}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n");
        Assert.Equal($"user \"u\" in {ConfigPath}: tokenFile /nonexistent/token does not exist", tokenError.Message);
    }

    [Fact]
    public async Task Conflicting_settings_are_errors_that_never_show_the_secrets()
    {
        var twoMethods = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {server: https://k}\nusers:\n- name: u\n  user: {token: TOPSECRET, username: a, password: PASSWORD1}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n");
        Assert.Equal($"user \"u\" in {ConfigPath}: more than one authentication method is set (token, basic auth (username/password)); keep one", twoMethods.Message);

        var insecureWithCa = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {server: https://k, certificate-authority-data: aGVsbG8=, insecure-skip-tls-verify: true}\ncontexts:\n- name: c\n  context: {cluster: k}\n");
        Assert.Contains("insecure-skip-tls-verify cannot be combined with a certificate authority", insecureWithCa.Message);

        var certWithoutKey = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {server: https://k}\nusers:\n- name: u\n  user: {client-certificate-data: aGVsbG8=}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n");
        Assert.Equal($"user \"u\" in {ConfigPath}: client-certificate is set but client-key and client-key-data are not", certWithoutKey.Message);

        var authProvider = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {server: https://k}\nusers:\n- name: u\n  user:\n    auth-provider:\n      name: gcp\n      config: {access-token: TOPSECRET}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n");
        Assert.StartsWith($"user \"u\" in {ConfigPath}: auth-provider \"gcp\" is not supported", authProvider.Message);

        foreach (var e in new[] { twoMethods, insecureWithCa, certWithoutKey, authProvider })
        {
            Assert.DoesNotContain("TOPSECRET", e.Message);
            Assert.DoesNotContain("PASSWORD1", e.Message);
        }
    }

    [Fact]
    public async Task Bad_proxy_url_is_named_without_its_password()
    {
        var error = await RestConfigError("current-context: c\nclusters:\n- name: k\n  cluster: {server: https://k, proxy-url: \"ftp://user:PASSWORD1@proxy:21\"}\ncontexts:\n- name: c\n  context: {cluster: k}\n");

        Assert.Equal($"cluster \"k\" in {ConfigPath}: proxy-url \"ftp://***@proxy:21\" is not an http, https or socks5 URL", error.Message);
    }

    [Fact]
    public async Task Bad_bool_names_field_and_position()
    {
        var error = await LoadError("clusters:\n- name: k\n  cluster:\n    insecure-skip-tls-verify: maybe\n");

        Assert.Equal($"Kubeconfig {ConfigPath}: line 4, column 31: clusters[\"k\"].cluster.insecure-skip-tls-verify: expected true or false, found the scalar \"maybe\"", error.Message);
    }

    [Fact]
    public async Task User_and_cluster_ToString_never_show_credentials()
    {
        var path = _dir.Write("config", "users:\n- name: u\n  user: {token: TOPSECRET, password: PASSWORD1, username: me}\n");
        var config = await KubeconfigLoader.LoadFileAsync(path);

        Assert.DoesNotContain("TOPSECRET", config.Users["u"].ToString());
        Assert.DoesNotContain("PASSWORD1", config.Users["u"].ToString());
    }
}
