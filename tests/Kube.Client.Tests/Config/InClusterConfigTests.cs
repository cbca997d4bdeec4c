using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Config;

public sealed class InClusterConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _env = new()
    {
        ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
        ["KUBERNETES_SERVICE_PORT"] = "443",
    };

    public void Dispose() => _dir.Dispose();

    private InClusterOptions Options => new()
    {
        ServiceAccountDirectory = _dir.Path,
        GetEnvironmentVariable = name => _env.TryGetValue(name, out var value) ? value : null,
    };

    [Fact]
    public async Task Builds_host_token_file_ca_and_namespace_from_the_service_account_folder()
    {
        var token = _dir.Write("token", "eyJ.token.value\n");
        var ca = _dir.Write("ca.crt", "ca");
        _dir.Write("namespace", "payments\n");

        var config = await InClusterConfig.CreateAsync(Options);

        Assert.True(InClusterConfig.IsInCluster(Options));
        Assert.Equal(new Uri("https://10.96.0.1:443"), config.Host);
        Assert.Equal("eyJ.token.value", config.BearerToken);
        Assert.Equal(token, config.BearerTokenFile);
        Assert.Equal(ca, config.Tls.CaFile);
        Assert.Equal("payments", config.Namespace);
        Assert.Contains(_dir.Path, config.Source);
        Assert.DoesNotContain("eyJ.token.value", config.ToString());
    }

    [Fact]
    public async Task Ipv6_host_is_bracketed_and_pod_namespace_wins()
    {
        _dir.Write("token", "t");
        _dir.Write("namespace", "from-file");
        _env["KUBERNETES_SERVICE_HOST"] = "fd00::1";
        _env["POD_NAMESPACE"] = "from-env";

        var config = await InClusterConfig.CreateAsync(Options);

        Assert.Equal(new Uri("https://[fd00::1]:443"), config.Host);
        Assert.Equal("from-env", config.Namespace);
    }

    [Fact]
    public async Task Namespace_defaults_to_default_and_ca_is_optional()
    {
        _dir.Write("token", "t");

        var config = await InClusterConfig.CreateAsync(Options);

        Assert.Equal("default", config.Namespace);
        Assert.Null(config.Tls.CaFile);
    }

    [Fact]
    public async Task Missing_environment_is_a_clear_error()
    {
        _env.Remove("KUBERNETES_SERVICE_PORT");

        var error = await Assert.ThrowsAsync<KubeconfigException>(() => InClusterConfig.CreateAsync(Options));

        Assert.Equal("in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set (they are when running in a pod)", error.Message);
        Assert.False(InClusterConfig.IsInCluster(Options));
    }

    [Fact]
    public async Task Missing_token_names_the_file()
    {
        var error = await Assert.ThrowsAsync<KubeconfigException>(() => InClusterConfig.CreateAsync(Options));

        Assert.StartsWith($"in-cluster config: service account token {_dir.Combine("token")} cannot be read", error.Message);
    }

    [Fact]
    public async Task Loader_falls_back_to_in_cluster_only_when_no_kubeconfig_exists_and_nothing_is_overridden()
    {
        _dir.Write("token", "pod-token");
        var rules = new KubeconfigLoadingRules { Precedence = { _dir.Combine("no-kubeconfig") }, InClusterFallback = Options };

        var config = await KubeconfigLoader.LoadRestConfigAsync(rules);
        Assert.Equal(new Uri("https://10.96.0.1:443"), config.Host);
        Assert.Equal("pod-token", config.BearerToken);

        await Assert.ThrowsAsync<KubeconfigException>(() => KubeconfigLoader.LoadRestConfigAsync(rules, new KubeconfigOverrides { Context = "x" }));
        rules.InClusterFallback = null;
        var error = await Assert.ThrowsAsync<KubeconfigException>(() => KubeconfigLoader.LoadRestConfigAsync(rules));
        Assert.StartsWith("no kubeconfig found", error.Message);
    }
}
