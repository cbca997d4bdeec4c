using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Config;

public sealed class KubeconfigLoadingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static KubeconfigLoadingRules Rules(params string[] files) =>
        KubeconfigLoadingRules.FromEnvironment(null, name => name == "KUBECONFIG" ? string.Join(Path.PathSeparator.ToString(), files) : null);

    private const string First = """
        apiVersion: v1
        kind: Config
        current-context: alpha
        clusters:
        - name: shared
          cluster:
            server: https://first.example:6443
            insecure-skip-tls-verify: true
        - name: only-first
          cluster:
            server: https://only-first.example
        users:
        - name: shared-user
          user:
            token: first-token
        contexts:
        - name: alpha
          context:
            cluster: shared
            user: shared-user
            namespace: team-a
        """;

    private const string Second = """
        apiVersion: v1
        kind: Config
        current-context: beta
        clusters:
        - name: shared
          cluster:
            server: https://second.example:6443
        - name: only-second
          cluster:
            server: https://only-second.example
        users:
        - name: shared-user
          user:
            token: second-token
        contexts:
        - name: alpha
          context:
            cluster: only-second
        - name: beta
          context:
            cluster: only-second
        """;

    [Fact]
    public async Task First_file_to_define_an_entry_wins_and_entries_from_all_files_are_merged()
    {
        var a = _dir.Write("a", First);
        var b = _dir.Write("b", Second);

        var config = await KubeconfigLoader.LoadAsync(Rules(a, b));

        Assert.Equal(new[] { a, b }, config.Files);
        Assert.Equal("https://first.example:6443", config.Clusters["shared"].Server);
        Assert.Equal(a, config.Clusters["shared"].SourceFile);
        Assert.Equal("first-token", config.Users["shared-user"].Token);
        Assert.Equal("shared", config.Contexts["alpha"].Cluster);
        Assert.Equal(b, config.Contexts["beta"].SourceFile);
        Assert.Equal(new[] { "shared", "only-first", "only-second" }, config.Clusters.Keys);
    }

    [Fact]
    public async Task Current_context_comes_from_the_first_file_that_sets_it()
    {
        var empty = _dir.Write("empty", "apiVersion: v1\nkind: Config\ncurrent-context: \"\"\n");
        var a = _dir.Write("a", First);
        var b = _dir.Write("b", Second);

        var config = await KubeconfigLoader.LoadAsync(Rules(empty, b, a));

        Assert.Equal("beta", config.CurrentContext);
        Assert.Equal(b, config.CurrentContextSource);
    }

    [Fact]
    public async Task Missing_files_in_the_list_are_skipped()
    {
        var a = _dir.Write("a", First);

        var config = await KubeconfigLoader.LoadAsync(Rules(_dir.Combine("missing-1"), a, _dir.Combine("missing-2")));

        Assert.Equal(new[] { a }, config.Files);
        Assert.Equal(3, config.SearchedFiles.Count);
        Assert.Equal("alpha", config.CurrentContext);
    }

    [Fact]
    public void Duplicate_paths_in_KUBECONFIG_are_read_once()
    {
        var a = _dir.Write("a", First);

        var rules = Rules(a, a);

        Assert.Equal(new[] { a }, rules.Precedence);
    }

    [Fact]
    public void Empty_KUBECONFIG_means_the_home_kube_config()
    {
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = "", ["HOME"] = _dir.Path, ["USERPROFILE"] = _dir.Path };

        var rules = KubeconfigLoadingRules.FromEnvironment(null, name => env.TryGetValue(name, out var v) ? v : null);

        Assert.Equal(new[] { Path.Combine(_dir.Path, ".kube", "config") }, rules.Precedence);
    }

    [Fact]
    public async Task An_explicit_path_is_the_only_file_read()
    {
        var a = _dir.Write("a", First);
        var b = _dir.Write("b", Second);
        var rules = KubeconfigLoadingRules.FromEnvironment(b, name => name == "KUBECONFIG" ? a : null);

        var config = await KubeconfigLoader.LoadAsync(rules);

        Assert.Equal(new[] { b }, config.Files);
        Assert.Equal("beta", config.CurrentContext);
    }

    [Fact]
    public async Task An_explicit_path_that_does_not_exist_is_an_error()
    {
        var missing = _dir.Combine("nope");

        var error = await Assert.ThrowsAsync<KubeconfigException>(() => KubeconfigLoader.LoadFileAsync(missing));

        Assert.Equal($"Kubeconfig {missing}: file does not exist", error.Message);
    }

    [Fact]
    public async Task No_file_at_all_gives_an_error_naming_the_places_searched()
    {
        var config = await KubeconfigLoader.LoadAsync(Rules(_dir.Combine("x"), _dir.Combine("y")));

        var error = Assert.Throws<KubeconfigException>(() => config.CreateRestConfig());

        Assert.Contains(_dir.Combine("x") + Path.PathSeparator + _dir.Combine("y"), error.Message);
        Assert.StartsWith("no kubeconfig found", error.Message);
    }

    [Fact]
    public async Task Rest_config_of_the_current_context_carries_source_context_and_namespace()
    {
        var a = _dir.Write("a", First);

        var rest = (await KubeconfigLoader.LoadAsync(Rules(a))).CreateRestConfig();

        Assert.Equal(new Uri("https://first.example:6443"), rest.Host);
        Assert.Equal("alpha", rest.ContextName);
        Assert.Equal("team-a", rest.Namespace);
        Assert.Equal($"context \"alpha\" in {a}", rest.Source);
        Assert.Equal("first-token", rest.BearerToken);
        Assert.True(rest.Tls.Insecure);
    }

    [Fact]
    public async Task Namespace_defaults_to_default()
    {
        var b = _dir.Write("b", Second);

        var rest = (await KubeconfigLoader.LoadAsync(Rules(b))).CreateRestConfig();

        Assert.Equal("default", rest.Namespace);
        Assert.Null(rest.BearerToken);
    }

    [Fact]
    public async Task Overrides_choose_context_cluster_user_namespace_and_server()
    {
        var a = _dir.Write("a", First);
        var b = _dir.Write("b", Second);
        var config = await KubeconfigLoader.LoadAsync(Rules(a, b));

        var rest = config.CreateRestConfig(new KubeconfigOverrides
        {
            Context = "beta",
            Cluster = "only-first",
            User = "shared-user",
            Namespace = "ops",
        });
        Assert.Equal("beta", rest.ContextName);
        Assert.Equal(new Uri("https://only-first.example"), rest.Host);
        Assert.Equal("first-token", rest.BearerToken);
        Assert.Equal("ops", rest.Namespace);

        var withServer = config.CreateRestConfig(new KubeconfigOverrides { Server = "https://10.1.2.3:443", Token = "override" });
        Assert.Equal(new Uri("https://10.1.2.3:443"), withServer.Host);
        Assert.Equal("override", withServer.BearerToken);
        Assert.Equal("alpha", withServer.ContextName);
    }

    [Fact]
    public async Task A_server_override_drops_the_files_tls_server_name_and_a_ca_override_drops_insecure()
    {
        var ca = _dir.Write("ca.crt", "x");
        var path = _dir.Write("cfg", """
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://a.example
                tls-server-name: inner.example
                insecure-skip-tls-verify: true
            contexts:
            - name: c
              context: {cluster: k}
            """);
        var config = await KubeconfigLoader.LoadAsync(Rules(path));

        Assert.Equal("inner.example", config.CreateRestConfig().Tls.ServerName);
        Assert.Null(config.CreateRestConfig(new KubeconfigOverrides { Server = "https://b.example" }).Tls.ServerName);
        var withCa = config.CreateRestConfig(new KubeconfigOverrides { CertificateAuthority = ca });
        Assert.False(withCa.Tls.Insecure);
        Assert.Equal(ca, withCa.Tls.CaFile);
    }

    [Fact]
    public async Task Relative_paths_resolve_against_the_folder_of_the_file_that_defined_them()
    {
        _dir.Write("one/certs/ca.crt", "ca");
        _dir.Write("two/keys/client.crt", "crt");
        _dir.Write("two/keys/client.key", "key");
        _dir.Write("two/token", "abc");
        var one = _dir.Write("one/config", """
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://k.example
                certificate-authority: certs/ca.crt
            contexts:
            - name: c
              context: {cluster: k, user: u}
            """);
        var two = _dir.Write("two/config", """
            users:
            - name: u
              user:
                client-certificate: keys/client.crt
                client-key: ./keys/client.key
            - name: t
              user:
                tokenFile: token
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/plugin
            - name: p
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
            """);

        var config = await KubeconfigLoader.LoadAsync(Rules(one, two));
        var rest = config.CreateRestConfig();

        Assert.Equal(_dir.Combine("one", "certs", "ca.crt"), rest.Tls.CaFile);
        Assert.Equal(_dir.Combine("two", "keys", "client.crt"), rest.Tls.CertFile);
        Assert.Equal(_dir.Combine("two", "keys", "client.key"), rest.Tls.KeyFile);
        Assert.Equal(_dir.Combine("two", "token"), config.Users["t"].TokenFile);
        Assert.Equal(_dir.Combine("two", "bin", "plugin"), config.Users["t"].Exec!.Command);
        Assert.Equal("aws", config.Users["p"].Exec!.Command);
        Assert.Equal(_dir.Combine("two"), config.Users["p"].Exec!.BaseDirectory);
    }

    [Fact]
    public async Task Data_fields_are_decoded_and_absolute_paths_kept()
    {
        var path = _dir.Write("cfg", """
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://k.example
                certificate-authority-data: aGVsbG8=
                proxy-url: socks5://127.0.0.1:1080
                disable-compression: true
            users:
            - name: u
              user:
                username: admin
                password: s3cret
                as: jane
                as-uid: "42"
                as-groups: [devs, ops]
                as-user-extra:
                  scopes: [read, write]
            contexts:
            - name: c
              context: {cluster: k, user: u}
            """);

        var rest = (await KubeconfigLoader.LoadFileAsync(path)).CreateRestConfig();

        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(rest.Tls.CaData!));
        Assert.Equal(new Uri("socks5://127.0.0.1:1080"), rest.Proxy);
        Assert.True(rest.DisableCompression);
        Assert.Equal("admin", rest.Username);
        Assert.Equal("s3cret", rest.Password);
        Assert.Equal("jane", rest.ImpersonateUser);
        Assert.Equal("42", rest.ImpersonateUid);
        Assert.Equal(new[] { "devs", "ops" }, rest.ImpersonateGroups);
        Assert.Equal(new[] { "read", "write" }, rest.ImpersonateExtra["scopes"]);
        Assert.DoesNotContain("s3cret", rest.ToString());
    }

    [Fact]
    public async Task Exec_block_is_read_with_env_and_the_clusters_exec_extension()
    {
        var path = _dir.Write("cfg", """
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://k.example
                extensions:
                - name: client.authentication.k8s.io/exec
                  extension:
                    audience: kube
                    retries: 3
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: get-token
                  args: ["--region", eu]
                  env:
                  - name: PROFILE
                    value: prod
                  installHint: install get-token from the portal
                  provideClusterInfo: true
                  interactiveMode: Never
            contexts:
            - name: c
              context: {cluster: k, user: u}
            """);

        var exec = (await KubeconfigLoader.LoadFileAsync(path)).CreateRestConfig().ExecProvider!;

        Assert.Equal("get-token", exec.Command);
        Assert.Equal(new[] { "--region", "eu" }, exec.Args);
        Assert.Equal(new KeyValuePair<string, string>("PROFILE", "prod"), Assert.Single(exec.Env));
        Assert.Equal("install get-token from the portal", exec.InstallHint);
        Assert.True(exec.ProvideClusterInfo);
        Assert.Equal("Never", exec.InteractiveMode);
        Assert.Equal("""{"audience":"kube","retries":3}""", exec.ClusterConfigJson);
    }

    [Fact]
    public async Task A_server_without_scheme_gets_https_when_tls_is_configured()
    {
        var path = _dir.Write("cfg", """
            current-context: c
            clusters:
            - name: k
              cluster: {server: "10.0.0.1:6443", insecure-skip-tls-verify: true}
            contexts:
            - name: c
              context: {cluster: k}
            """);

        Assert.Equal(new Uri("https://10.0.0.1:6443"), (await KubeconfigLoader.LoadFileAsync(path)).CreateRestConfig().Host);
    }

    [Fact]
    public async Task Empty_file_is_an_empty_config()
    {
        var empty = _dir.Write("empty", "");
        var a = _dir.Write("a", First);

        var config = await KubeconfigLoader.LoadAsync(Rules(empty, a));

        Assert.Equal("alpha", config.CurrentContext);
        Assert.Equal(2, config.Files.Count);
    }

    [Fact]
    public void Synchronous_load_matches_async_load()
    {
        var a = _dir.Write("a", First);
        var b = _dir.Write("b", Second);

        var config = KubeconfigLoader.Load(Rules(a, b));

        Assert.Equal("alpha", config.CurrentContext);
        Assert.Equal(4, config.Clusters.Count + config.Users.Count);
    }
}
