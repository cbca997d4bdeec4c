using System;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Mapping;
using Kube.Client.Schema;
using Xunit;
using static Kube.Client.Tests.Mapping.SyntheticDiscovery;

namespace Kube.Client.Tests.Mapping;

public sealed class StaticRestMapperTests : IClassFixture<Kubernetes1202Mapper>
{
    private readonly Kubernetes1202Mapper _fixture;

    public StaticRestMapperTests(Kubernetes1202Mapper fixture) => _fixture = fixture;

    [Theory]
    [InlineData("po", "v1", "pods", "Pod", true)]
    [InlineData("pod", "v1", "pods", "Pod", true)]
    [InlineData("pods", "v1", "pods", "Pod", true)]
    [InlineData("Pod", "v1", "pods", "Pod", true)]
    [InlineData("PODS", "v1", "pods", "Pod", true)]
    [InlineData("cm", "v1", "configmaps", "ConfigMap", true)]
    [InlineData("svc", "v1", "services", "Service", true)]
    [InlineData("ns", "v1", "namespaces", "Namespace", false)]
    [InlineData("no", "v1", "nodes", "Node", false)]
    [InlineData("sa", "v1", "serviceaccounts", "ServiceAccount", true)]
    [InlineData("pvc", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true)]
    [InlineData("pv", "v1", "persistentvolumes", "PersistentVolume", false)]
    [InlineData("ep", "v1", "endpoints", "Endpoints", true)]
    [InlineData("ev", "v1", "events", "Event", true)]
    [InlineData("quota", "v1", "resourcequotas", "ResourceQuota", true)]
    [InlineData("limits", "v1", "limitranges", "LimitRange", true)]
    [InlineData("rc", "v1", "replicationcontrollers", "ReplicationController", true)]
    [InlineData("cs", "v1", "componentstatuses", "ComponentStatus", false)]
    [InlineData("deploy", "apps/v1", "deployments", "Deployment", true)]
    [InlineData("ds", "apps/v1", "daemonsets", "DaemonSet", true)]
    [InlineData("sts", "apps/v1", "statefulsets", "StatefulSet", true)]
    [InlineData("rs", "apps/v1", "replicasets", "ReplicaSet", true)]
    [InlineData("crd", "apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false)]
    [InlineData("crds", "apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false)]
    [InlineData("ing", "networking.k8s.io/v1", "ingresses", "Ingress", true)]
    [InlineData("netpol", "networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", true)]
    [InlineData("hpa", "autoscaling/v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true)]
    [InlineData("cj", "batch/v1beta1", "cronjobs", "CronJob", true)]
    [InlineData("pdb", "policy/v1beta1", "poddisruptionbudgets", "PodDisruptionBudget", true)]
    [InlineData("psp", "policy/v1beta1", "podsecuritypolicies", "PodSecurityPolicy", false)]
    [InlineData("sc", "storage.k8s.io/v1", "storageclasses", "StorageClass", false)]
    [InlineData("csr", "certificates.k8s.io/v1", "certificatesigningrequests", "CertificateSigningRequest", false)]
    [InlineData("pc", "scheduling.k8s.io/v1", "priorityclasses", "PriorityClass", false)]
    public async Task Short_plural_singular_and_kind_names_map_like_kubectl(string input, string apiVersion, string resource, string kind, bool namespaced)
    {
        var mapper = await _fixture.GetAsync();

        var mapping = mapper.MappingFor(input);

        Assert.Equal(GroupVersion.Parse(apiVersion).WithResource(resource), mapping.Resource);
        Assert.Equal(GroupVersion.Parse(apiVersion).WithKind(kind), mapping.GroupVersionKind);
        Assert.Equal(namespaced ? ResourceScope.Namespaced : ResourceScope.Cluster, mapping.Scope);
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("deployment")]
    [InlineData("deployments")]
    [InlineData("Deployment")]
    [InlineData("DEPLOYMENTS")]
    [InlineData("deployments.apps")]
    [InlineData("deployment.apps")]
    [InlineData("deploy.apps")]
    [InlineData("deploy.app")]
    [InlineData("deployments.v1.apps")]
    [InlineData("deployment.v1.apps")]
    [InlineData("Deployment.apps")]
    [InlineData("Deployment.v1.apps")]
    [InlineData(" deployments.apps ")]
    public async Task Every_form_kubectl_accepts_for_deployments_maps_to_apps_v1(string input)
    {
        var mapper = await _fixture.GetAsync();

        var mapping = mapper.MappingFor(input);

        Assert.Equal(new GroupVersionResource("apps", "v1", "deployments"), mapping.Resource);
        Assert.Equal("Deployment", mapping.Info.Kind);
    }

    [Theory]
    [InlineData("cronjobs.v1beta1.batch", "batch/v1beta1", "cronjobs")]
    [InlineData("horizontalpodautoscalers.v2beta2.autoscaling", "autoscaling/v2beta2", "horizontalpodautoscalers")]
    [InlineData("hpa.v2beta1.autoscaling", "autoscaling/v2beta1", "horizontalpodautoscalers")]
    [InlineData("HorizontalPodAutoscaler.v2beta2.autoscaling", "autoscaling/v2beta2", "horizontalpodautoscalers")]
    [InlineData("events.events.k8s.io", "events.k8s.io/v1", "events")]
    [InlineData("events.v1beta1.events.k8s.io", "events.k8s.io/v1beta1", "events")]
    [InlineData("ingresses.extensions", "extensions/v1beta1", "ingresses")]
    [InlineData("ingresses.v1beta1.networking.k8s.io", "networking.k8s.io/v1beta1", "ingresses")]
    [InlineData("Ingress.extensions", "extensions/v1beta1", "ingresses")]
    public async Task A_group_or_version_in_the_name_selects_it(string input, string apiVersion, string resource)
    {
        var mapper = await _fixture.GetAsync();

        var mapping = mapper.MappingFor(input);

        Assert.Equal(GroupVersion.Parse(apiVersion).WithResource(resource), mapping.Resource);
    }

    [Fact]
    public async Task A_name_served_by_several_groups_prefers_the_core_group_and_reports_the_others()
    {
        var mapper = await _fixture.GetAsync();

        var events = mapper.MappingFor("events");

        Assert.Equal(new GroupVersionResource("", "v1", "events"), events.Resource);
        var alternative = Assert.Single(events.Alternatives);
        Assert.Equal(new GroupVersionResource("events.k8s.io", "v1", "events"), alternative.GroupVersionResource);
    }

    [Fact]
    public async Task A_short_name_of_several_groups_goes_to_the_group_the_server_lists_first()
    {
        var mapper = await _fixture.GetAsync();

        var ing = mapper.MappingFor("ing");

        Assert.Equal("networking.k8s.io", ing.Resource.Group);
        Assert.Equal(new[] { "extensions/v1beta1" }, ing.Alternatives.Select(a => a.ApiVersion));
    }

    [Fact]
    public async Task Kind_for_a_resource_name_is_its_preferred_kind()
    {
        var mapper = await _fixture.GetAsync();

        Assert.Equal(new GroupVersionKind("apps", "v1", "Deployment"), mapper.KindFor(new GroupVersionResource("", "", "deploy")));
        Assert.Equal(new GroupVersionKind("autoscaling", "v2beta2", "HorizontalPodAutoscaler"), mapper.KindFor(new GroupVersionResource("autoscaling", "v2beta2", "horizontalpodautoscalers")));
        Assert.Equal(new GroupVersionResource("apps", "v1", "deployments"), mapper.ResourceFor(new GroupVersionResource("apps", "", "Deployments")));
    }

    [Fact]
    public async Task Resources_for_a_name_list_every_version_preferred_first()
    {
        var mapper = await _fixture.GetAsync();

        var all = mapper.ResourcesFor(new GroupVersionResource("", "", "hpa"));

        Assert.Equal(new[] { "v1", "v2beta1", "v2beta2" }, all.Select(r => r.Version));
        Assert.Equal(new[] { "v1", "v2beta1", "v2beta2" }, mapper.KindsFor(new GroupVersionResource("autoscaling", "", "horizontalpodautoscalers")).Select(k => k.Version));
    }

    [Fact]
    public async Task A_group_and_kind_map_to_the_preferred_version_or_to_the_first_version_asked_for_that_serves_it()
    {
        var mapper = await _fixture.GetAsync();
        var hpa = new GroupKind("autoscaling", "HorizontalPodAutoscaler");

        Assert.Equal("v1", mapper.MappingFor(hpa).Resource.Version);
        Assert.Equal("v2beta2", mapper.MappingFor(hpa, "v9", "v2beta2", "v1").Resource.Version);
        Assert.Equal(new[] { "v1", "v2beta1", "v2beta2" }, mapper.MappingsFor(hpa).Select(m => m.Resource.Version));
        Assert.Equal("Deployment", mapper.MappingFor(new GroupKind("apps", "deployment")).GroupVersionKind.Kind);
    }

    [Fact]
    public async Task A_group_and_kind_must_match_the_group_exactly()
    {
        var mapper = await _fixture.GetAsync();

        var e = Assert.Throws<NoMatchException>(() => mapper.MappingFor(new GroupKind("", "Deployment")));

        Assert.StartsWith("no matches for kind \"Deployment\" in group \"\"", e.Message);
    }

    [Fact]
    public async Task A_version_that_does_not_serve_the_kind_is_a_miss()
    {
        var mapper = await _fixture.GetAsync();

        var e = Assert.Throws<NoMatchException>(() => mapper.MappingFor(new GroupKind("batch", "CronJob"), "v1"));

        Assert.Equal("no matches for kind \"CronJob\" in version \"batch/v1\"", e.Message);
        Assert.Throws<NoMatchException>(() => mapper.MappingFor("cronjobs.v2alpha1.batch"));
    }

    [Theory]
    [InlineData("podz", "pods")]
    [InlineData("deploymnets", "deployments")]
    [InlineData("Deploymnt", "deployment")]
    [InlineData("sevrices", "services")]
    [InlineData("configmap.apps", "configmap")]
    [InlineData("pods.apps", "pods")]
    [InlineData("deploymnts.apps", "deployments.apps")]
    public async Task An_unknown_name_suggests_close_names(string input, string suggestion)
    {
        var mapper = await _fixture.GetAsync();

        var e = Assert.Throws<NoMatchException>(() => mapper.MappingFor(input));

        Assert.Equal(input.Trim(), e.Input);
        Assert.Equal(suggestion, e.Suggestions[0]);
        Assert.StartsWith($"the server doesn't have a resource type \"{input}\"; did you mean \"{suggestion}\"", e.Message);
    }

    [Fact]
    public async Task An_unknown_name_with_nothing_close_says_so_plainly()
    {
        var mapper = await _fixture.GetAsync();

        var e = Assert.Throws<NoMatchException>(() => mapper.MappingFor("xyzzyplugh"));

        Assert.Empty(e.Suggestions);
        Assert.Equal("the server doesn't have a resource type \"xyzzyplugh\"", e.Message);
    }

    [Fact]
    public async Task Subresources_are_not_mapped()
    {
        var mapper = await _fixture.GetAsync();

        Assert.Throws<NoMatchException>(() => mapper.MappingFor("pods/status"));
        Assert.DoesNotContain(mapper.Resources, r => r.IsSubresource);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task An_empty_name_is_a_bad_argument(string input)
    {
        var mapper = await _fixture.GetAsync();

        Assert.Throws<ArgumentException>(() => mapper.MappingFor(input));
    }

    [Fact]
    public async Task A_group_kind_without_a_kind_is_a_bad_argument()
    {
        var mapper = await _fixture.GetAsync();

        Assert.Throws<ArgumentException>(() => mapper.MappingFor(default(GroupKind)));
        Assert.Throws<ArgumentException>(() => mapper.MappingFor(new GroupKind("apps", " ")));
        Assert.Throws<NoMatchException>(() => mapper.ResourceFor(default));
    }

    [Fact]
    public async Task The_all_category_expands_like_kubectl_get_all()
    {
        var mapper = await _fixture.GetAsync();

        var all = mapper.ExpandCategory("all");

        Assert.Equal(
            new[] { "pods", "replicationcontrollers", "services", "daemonsets", "deployments", "replicasets", "statefulsets", "horizontalpodautoscalers", "cronjobs", "jobs" }.OrderBy(s => s),
            all.Select(m => m.Resource.Resource).OrderBy(s => s));
        Assert.Equal("autoscaling/v1", all.Single(m => m.Resource.Resource == "horizontalpodautoscalers").Info.ApiVersion);
        Assert.Empty(mapper.ExpandCategory("no-such-category"));
    }

    [Fact]
    public async Task The_singular_of_a_resource_is_its_lower_cased_kind_when_the_server_gives_none()
    {
        var mapper = await _fixture.GetAsync();

        Assert.Equal("pod", mapper.ResourceSingularizer("pods"));
        Assert.Equal("networkpolicy", mapper.ResourceSingularizer("networkpolicies"));
    }

    [Fact]
    public void A_short_name_shared_by_two_custom_groups_goes_to_the_first_listed()
    {
        var mapper = new StaticRestMapper(Of(
            new[] { Group("", "v1", "v1"), Group("b.example", "v1", "v1"), Group("a.example", "v1", "v1") },
            List("v1", Resource("pods", "Pod", shortNames: new[] { "po" })),
            List("a.example/v1", Resource("widgets", "Widget", singular: "widget", shortNames: new[] { "wd" })),
            List("b.example/v1", Resource("wands", "Wand", singular: "wand", shortNames: new[] { "wd" }))));

        var mapping = mapper.MappingFor("wd");

        Assert.Equal(new GroupVersionResource("b.example", "v1", "wands"), mapping.Resource);
        Assert.Equal(new GroupVersionResource("a.example", "v1", "widgets"), Assert.Single(mapping.Alternatives).GroupVersionResource);
        Assert.Equal("a.example", mapper.MappingFor("wd.a.example").Resource.Group);
    }

    [Fact]
    public void A_full_name_wins_over_another_resources_short_name()
    {
        var mapper = new StaticRestMapper(Of(
            new[] { Group("", "v1", "v1"), Group("x.example", "v1", "v1") },
            List("v1", Resource("pods", "Pod", shortNames: new[] { "po" })),
            List("x.example/v1", Resource("po", "PurchaseOrder", singular: "purchaseorder"), Resource("things", "Thing", shortNames: new[] { "pods" }))));

        Assert.Equal(new GroupVersionResource("", "v1", "pods"), mapper.MappingFor("pods").Resource);
        Assert.Equal(new GroupVersionResource("x.example", "v1", "po"), mapper.MappingFor("po").Resource);
    }

    [Fact]
    public void The_preferred_version_wins_even_when_the_server_lists_it_later()
    {
        var mapper = new StaticRestMapper(Of(
            new[] { Group("ex.test", "v2", "v1", "v2") },
            List("ex.test/v1", Resource("things", "Thing", singular: "thing")),
            List("ex.test/v2", Resource("things", "Thing", singular: "thing"))));

        Assert.Equal("v2", mapper.MappingFor("things").Resource.Version);
        Assert.Equal("v1", mapper.MappingFor("things.v1.ex.test").Resource.Version);
        Assert.Equal("v2", mapper.MappingFor(new GroupKind("ex.test", "Thing")).Resource.Version);
    }

    [Fact]
    public void A_kind_whose_singular_differs_is_still_found_by_kind()
    {
        var mapper = new StaticRestMapper(Of(
            new[] { Group("ex.test", "v1", "v1") },
            List("ex.test/v1", Resource("gizmos", "Widget", singular: "gizmo"))));

        Assert.Equal("gizmos", mapper.MappingFor("Widget").Resource.Resource);
        Assert.Equal("gizmos", mapper.MappingFor("widget.ex.test").Resource.Resource);
        Assert.Equal("gizmos", mapper.MappingFor("gizmo").Resource.Resource);
    }

    [Fact]
    public void A_miss_names_the_group_versions_whose_discovery_failed()
    {
        var discovered = new Kube.Client.Discovery.DiscoveredResources(
            new[] { Group("", "v1", "v1"), Group("metrics.k8s.io", "v1beta1", "v1beta1") },
            new[] { List("v1", Resource("pods", "Pod")) },
            new System.Collections.Generic.Dictionary<GroupVersion, Exception> { [new GroupVersion("metrics.k8s.io", "v1beta1")] = new InvalidOperationException("503") });
        var mapper = new StaticRestMapper(discovered);

        var e = Assert.Throws<NoMatchException>(() => mapper.MappingFor("nodemetrics"));

        Assert.Contains("discovery of metrics.k8s.io/v1beta1 failed", e.Message);
        Assert.Single(e.FailedGroupVersions);
    }
}
