using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Rest;

/// <summary>The deprecation warnings kube-apiserver 1.20 sends reach the request listener.</summary>
[Trait("Category", "Integration")]
public sealed class WarningHeaderTests : IClassFixture<ClusterFixture>
{
    private const string IngressDeprecation = "extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress";

    private readonly ClusterFixture _cluster;

    public WarningHeaderTests(ClusterFixture cluster) => _cluster = cluster;

    [Fact]
    public async Task Deprecated_api_warning_reaches_the_listener_of_the_current_scope()
    {
        var listener = new RecordingListener();

        using (RequestListenerScope.Push(listener))
        {
            await _cluster.Clientset.ExtensionsV1beta1().Ingresses(_cluster.Namespace).ListAsync();
        }

        Assert.Equal(new[] { IngressDeprecation }, listener.Warnings);
    }

    [Fact]
    public async Task Current_api_version_brings_no_warning()
    {
        var listener = new RecordingListener();

        using (RequestListenerScope.Push(listener))
        {
            await _cluster.Clientset.NetworkingV1().Ingresses(_cluster.Namespace).ListAsync();
        }

        Assert.Empty(listener.Warnings);
    }

    [Fact]
    public async Task Warning_of_a_failed_request_is_delivered_before_the_error()
    {
        var listener = new RecordingListener();

        using (RequestListenerScope.Push(listener))
        {
            var error = await Assert.ThrowsAsync<KubeApiException>(() =>
                _cluster.Clientset.ExtensionsV1beta1().Ingresses(_cluster.Namespace).GetAsync("missing"));
            Assert.True(error.IsNotFound);
        }

        Assert.Equal(new[] { IngressDeprecation }, listener.Warnings);
    }

    [Fact]
    public async Task Scopes_keep_warnings_apart_and_the_default_listener_gets_those_outside_any_scope()
    {
        var config = _cluster.Config.Clone();
        using var rest = RestClient.Create(config);
        var fallback = new RecordingListener();
        rest.DefaultListener = fallback;
        var clientset = new Clientset(rest);
        var scoped = new RecordingListener();

        var inScope = Task.Run(async () =>
        {
            using (RequestListenerScope.Push(scoped))
            {
                await clientset.ExtensionsV1beta1().Ingresses(_cluster.Namespace).ListAsync();
                await clientset.ExtensionsV1beta1().Ingresses(_cluster.Namespace).ListAsync();
            }
        });
        var outside = Task.Run(() => clientset.ExtensionsV1beta1().Ingresses(_cluster.Namespace).ListAsync());
        await Task.WhenAll(inScope, outside);

        Assert.Equal(2, scoped.Warnings.Count);
        Assert.All(scoped.Warnings, w => Assert.Equal(IngressDeprecation, w));
        Assert.Equal(IngressDeprecation, Assert.Single(fallback.Warnings));
    }
}
