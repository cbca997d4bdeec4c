using Kube.Generator.Naming;
using Kube.Generator.Planning;
using Xunit;

namespace Kube.Client.Tests.Generator;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("apiVersion", "ApiVersion")]
    [InlineData("metadata", "Metadata")]
    [InlineData("externalIPs", "ExternalIPs")]
    [InlineData("$ref", "Ref")]
    [InlineData("$schema", "Schema")]
    [InlineData("x-kubernetes-int-or-string", "XKubernetesIntOrString")]
    [InlineData("ephemeral-storage", "EphemeralStorage")]
    [InlineData("3d", "_3d")]
    [InlineData("-", "Value")]
    [InlineData("", "Value")]
    [InlineData("class", "Class")]
    [InlineData("snake_case_name", "SnakeCaseName")]
    [InlineData("dotted.name", "DottedName")]
    public void Json_names_become_pascal_case_identifiers(string json, string expected)
    {
        Assert.Equal(expected, Identifiers.ToPascalCase(json));
    }

    [Theory]
    [InlineData("class", "@class")]
    [InlineData("namespace", "@namespace")]
    [InlineData("Namespace", "Namespace")]
    public void Keywords_are_escaped(string identifier, string expected)
    {
        Assert.Equal(expected, Identifiers.Escape(identifier));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("quote\"back\\slash", "\"quote\\\"back\\\\slash\"")]
    [InlineData("tab\tnew\nline", "\"tab\\tnew\\nline\"")]
    [InlineData("é", "\"\\u00e9\"")]
    public void Any_text_becomes_a_valid_string_literal(string text, string literal)
    {
        Assert.Equal(literal, Identifiers.Literal(text));
    }

    [Theory]
    [InlineData("io.k8s.api.core.v1.Pod", "CoreV1", "Pod")]
    [InlineData("io.k8s.api.apps.v1.Deployment", "AppsV1", "Deployment")]
    [InlineData("io.k8s.api.admissionregistration.v1beta1.MutatingWebhook", "AdmissionregistrationV1beta1", "MutatingWebhook")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "MetaV1", "ObjectMeta")]
    [InlineData("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", "ApiextensionsV1", "JSONSchemaProps")]
    [InlineData("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService", "ApiregistrationV1", "APIService")]
    [InlineData("io.k8s.api.apiserverinternal.v1alpha1.StorageVersion", "ApiserverinternalV1alpha1", "StorageVersion")]
    [InlineData("io.k8s.api.autoscaling.v2beta2.MetricSpec", "AutoscalingV2beta2", "MetricSpec")]
    [InlineData("io.k8s.apimachinery.pkg.version.Info", "Version", "Info")]
    [InlineData("com.example.stable.v1.CronTab", "StableV1", "CronTab")]
    public void Definitions_map_to_a_namespace_per_group_version(string definition, string ns, string type)
    {
        Assert.Equal(new DefinitionName(ns, type), DefinitionName.Parse(definition));
    }

    [Theory]
    [InlineData("", "v1", "CoreV1")]
    [InlineData("apps", "v1", "AppsV1")]
    [InlineData("internal.apiserver.k8s.io", "v1alpha1", "InternalV1alpha1")]
    [InlineData("flowcontrol.apiserver.k8s.io", "v1beta1", "FlowcontrolV1beta1")]
    [InlineData("rbac.authorization.k8s.io", "v1", "RbacV1")]
    [InlineData("autoscaling", "v2beta2", "AutoscalingV2beta2")]
    [InlineData("apiregistration.k8s.io", "v1", "ApiregistrationV1")]
    public void Group_clients_are_named_like_client_go(string group, string version, string expected)
    {
        Assert.Equal(expected, ResourceCatalog.ClientPrefix(group, version));
    }

    [Theory]
    [InlineData("pods", "Pod", "Pods")]
    [InlineData("configmaps", "ConfigMap", "ConfigMaps")]
    [InlineData("endpoints", "Endpoints", "Endpoints")]
    [InlineData("componentstatuses", "ComponentStatus", "ComponentStatuses")]
    [InlineData("networkpolicies", "NetworkPolicy", "NetworkPolicies")]
    [InlineData("ingressclasses", "IngressClass", "IngressClasses")]
    [InlineData("apiservices", "APIService", "APIServices")]
    [InlineData("csidrivers", "CSIDriver", "CSIDrivers")]
    [InlineData("things", "Widget", "Things")]
    public void Resource_accessors_take_the_plural_cased_like_the_kind(string plural, string kind, string expected)
    {
        Assert.Equal(expected, ResourceCatalog.PascalPlural(plural, kind));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/{namespace}/pods/{name}/status", "", "v1", true, "pods", true, "status")]
    [InlineData("/api/v1/namespaces/{name}/finalize", "", "v1", false, "namespaces", true, "finalize")]
    [InlineData("/api/v1/namespaces", "", "v1", false, "namespaces", false, null)]
    [InlineData("/api/v1/pods", "", "v1", false, "pods", false, null)]
    [InlineData("/apis/apps/v1/watch/namespaces/{namespace}/deployments", "apps", "v1", true, "deployments", false, null)]
    [InlineData("/api/v1/nodes/{name}/proxy/{path}", "", "v1", false, "nodes", true, "proxy/{path}")]
    public void Resource_paths_split_into_their_parts(string path, string group, string version, bool namespaced, string plural, bool hasName, string? subresource)
    {
        Assert.True(ResourcePath.TryParse(path, out var parsed));
        Assert.Equal(new ResourcePath(group, version, namespaced, plural, hasName, subresource), parsed);
    }

    [Theory]
    [InlineData("/apis/apps/v1/")]
    [InlineData("/version/")]
    [InlineData("/logs/{logpath}")]
    public void Discovery_and_other_paths_are_not_resources(string path)
    {
        Assert.False(ResourcePath.TryParse(path, out _));
    }
}
