using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Typed.AppsV1;
using Kube.Client.Typed.AuthorizationV1;
using Kube.Client.Typed.CoreV1;
using Xunit;

namespace Kube.Client.Tests.Typed;

public sealed class TypedClientSurfaceTests
{
    private static readonly Clientset Clientset = new(Kube.Client.Tests.Fakes.TestRest.Create(new Kube.Client.Tests.Fakes.FakeHttpHandler()));

    [Fact]
    public void Group_clients_are_methods_that_return_one_cached_instance()
    {
        Assert.Same(Clientset.CoreV1(), Clientset.CoreV1());
        Assert.Same(Clientset.AppsV1(), Clientset.AppsV1());
        Assert.NotNull(Clientset.InternalV1alpha1());
        Assert.NotNull(Clientset.AutoscalingV2beta2());
        Assert.NotNull(Clientset.FlowcontrolV1beta1());
        Assert.NotNull(Clientset.ApiregistrationV1());
    }

    [Fact]
    public void Namespaced_resources_take_a_namespace_and_cluster_resources_do_not()
    {
        Assert.IsType<PodsClient>(Clientset.CoreV1().Pods("default"));
        Assert.IsType<NamespacesClient>(Clientset.CoreV1().Namespaces());
        Assert.Throws<ArgumentNullException>(() => Clientset.CoreV1().Pods(null!));
        Assert.Single(typeof(CoreV1Client).GetMethod("ConfigMaps")!.GetParameters());
        Assert.Empty(typeof(CoreV1Client).GetMethod("Nodes")!.GetParameters());
    }

    [Fact]
    public void Accessors_use_client_go_names()
    {
        string[] expected = { "Bindings", "ComponentStatuses", "ConfigMaps", "Endpoints", "Events", "LimitRanges", "Namespaces", "Nodes",
            "PersistentVolumeClaims", "PersistentVolumes", "PodTemplates", "Pods", "ReplicationControllers", "ResourceQuotas", "Secrets",
            "ServiceAccounts", "Services" };

        var actual = typeof(CoreV1Client).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(expected, actual);
        Assert.NotNull(typeof(Kube.Client.Typed.PolicyV1beta1.PolicyV1beta1Client).GetMethod("PodSecurityPolicies"));
        Assert.NotNull(typeof(Kube.Client.Typed.NetworkingV1.NetworkingV1Client).GetMethod("IngressClasses"));
        Assert.NotNull(typeof(Kube.Client.Typed.ApiextensionsV1.ApiextensionsV1Client).GetMethod("CustomResourceDefinitions"));
    }

    [Theory]
    [InlineData(typeof(PodsClient), "ListAsync,ListItemsAsync,WatchAsync,GetAsync,CreateAsync,UpdateAsync,PatchAsync,ApplyAsync,DeleteAsync,DeleteCollectionAsync,CreateBindingAsync,CreateEvictionAsync,GetStatusAsync,UpdateStatusAsync,PatchStatusAsync,ApplyStatusAsync")]
    [InlineData(typeof(ServicesClient), "ListAsync,ListItemsAsync,WatchAsync,GetAsync,CreateAsync,UpdateAsync,PatchAsync,ApplyAsync,DeleteAsync,GetStatusAsync,UpdateStatusAsync,PatchStatusAsync,ApplyStatusAsync")]
    [InlineData(typeof(NamespacesClient), "ListAsync,ListItemsAsync,WatchAsync,GetAsync,CreateAsync,UpdateAsync,PatchAsync,ApplyAsync,DeleteAsync,UpdateFinalizeAsync,GetStatusAsync,UpdateStatusAsync,PatchStatusAsync,ApplyStatusAsync")]
    [InlineData(typeof(ComponentStatusesClient), "ListAsync,ListItemsAsync,GetAsync")]
    [InlineData(typeof(BindingsClient), "CreateAsync")]
    [InlineData(typeof(SubjectAccessReviewsClient), "CreateAsync")]
    [InlineData(typeof(ServiceAccountsClient), "ListAsync,ListItemsAsync,WatchAsync,GetAsync,CreateAsync,UpdateAsync,PatchAsync,ApplyAsync,DeleteAsync,DeleteCollectionAsync,CreateTokenAsync")]
    [InlineData(typeof(DeploymentsClient), "ListAsync,ListItemsAsync,WatchAsync,GetAsync,CreateAsync,UpdateAsync,PatchAsync,ApplyAsync,DeleteAsync,DeleteCollectionAsync,GetScaleAsync,UpdateScaleAsync,GetStatusAsync,UpdateStatusAsync,PatchStatusAsync,ApplyStatusAsync")]
    public void Resource_clients_expose_exactly_the_verbs_the_api_supports(Type client, string methods)
    {
        var actual = client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName).Select(m => m.Name)
            .Where(n => !(client == typeof(PodsClient) && PodStreamExpansions.Contains(n)));

        Assert.Equal(methods.Split(',').OrderBy(n => n, StringComparer.Ordinal), actual.Distinct().OrderBy(n => n, StringComparer.Ordinal));
    }

    /// <summary>The hand-written streaming part of PodsClient (PodsClient.Streams.cs), beside the generated verbs.</summary>
    private static readonly string[] PodStreamExpansions = { "GetLogsAsync", "GetLogStreamAsync", "ExecAsync", "AttachAsync", "PortForwardAsync", "CopyToAsync", "CopyFromAsync" };

    [Fact]
    public void Pods_client_adds_the_stream_expansions_to_its_generated_verbs()
    {
        var names = typeof(PodsClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => m.Name).ToHashSet();
        Assert.All(PodStreamExpansions, n => Assert.Contains(n, names));
    }

    [Fact]
    public void Subresource_methods_are_typed_with_the_subresource_kinds()
    {
        Assert.Equal(typeof(Task<Kube.Client.Models.AutoscalingV1.Scale>), typeof(DeploymentsClient).GetMethod("GetScaleAsync")!.ReturnType);
        Assert.Equal(typeof(Kube.Client.Models.AutoscalingV1.Scale), typeof(ReplicationControllersClient).GetMethod("UpdateScaleAsync")!.GetParameters()[1].ParameterType);
        Assert.Equal(typeof(Kube.Client.Models.PolicyV1beta1.Eviction), typeof(PodsClient).GetMethod("CreateEvictionAsync")!.GetParameters()[1].ParameterType);
        Assert.Equal(typeof(Task<Status>), typeof(PodsClient).GetMethod("CreateEvictionAsync")!.ReturnType);
        Assert.Equal(typeof(Task<Kube.Client.Models.AuthenticationV1.TokenRequest>), typeof(ServiceAccountsClient).GetMethod("CreateTokenAsync")!.ReturnType);
        Assert.Equal(typeof(Task<Kube.Client.Models.CertificatesV1.CertificateSigningRequest>),
            typeof(Kube.Client.Typed.CertificatesV1.CertificateSigningRequestsClient).GetMethod("UpdateApprovalAsync")!.ReturnType);
    }

    [Fact]
    public void Every_async_method_takes_a_cancellation_token_last()
    {
        var methods = typeof(Clientset).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Kube.Client.Typed.", StringComparison.Ordinal) == true && t.Name.EndsWith("Client", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal))
            .ToList();

        Assert.True(methods.Count > 500, $"only {methods.Count} methods");
        Assert.All(methods, m => Assert.Equal(typeof(CancellationToken), m.GetParameters().Last().ParameterType));
    }

    [Fact]
    public void Versions_of_one_resource_get_their_own_clients()
    {
        Assert.NotEqual(typeof(Kube.Client.Typed.AutoscalingV1.HorizontalPodAutoscalersClient), typeof(Kube.Client.Typed.AutoscalingV2beta2.HorizontalPodAutoscalersClient));
        Assert.NotNull(Clientset.AutoscalingV1().HorizontalPodAutoscalers("ns"));
        Assert.NotNull(Clientset.AutoscalingV2beta1().HorizontalPodAutoscalers("ns"));
        Assert.NotNull(Clientset.AutoscalingV2beta2().HorizontalPodAutoscalers("ns"));
    }

    [Fact]
    public void Each_resource_client_exposes_a_static_descriptor_and_the_generic_client()
    {
        var clients = typeof(Clientset).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Kube.Client.Typed.", StringComparison.Ordinal) == true && t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static) is not null)
            .ToList();

        Assert.True(clients.Count > 90, $"only {clients.Count} clients");
        Assert.All(clients, c => Assert.NotNull(c.GetProperty("Descriptor")!.GetValue(null)));
        Assert.All(clients, c => Assert.NotNull(c.GetProperty("Generic")));
    }
}
