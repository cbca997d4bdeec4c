using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Reflection;
using System.Text.Json.Serialization;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class ModelShapeTests
{
    [Fact]
    public void A_new_kind_carries_its_api_version_and_kind()
    {
        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}", Json.Write(new Pod()));
        Assert.Equal("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}", Json.Write(new Deployment()));
        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"PodList\"}", Json.Write(new PodList()));
    }

    [Fact]
    public void List_items_sent_without_api_version_and_kind_get_them_filled_in()
    {
        var list = Json.Read<PodList>("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[{\"metadata\":{\"name\":\"a\"}}]}");

        Assert.Equal("v1", list.Items![0].ApiVersion);
        Assert.Equal("Pod", list.Items[0].Kind);
    }

    [Fact]
    public void Kind_constants_describe_the_group_version_kind()
    {
        Assert.Equal("apps", Deployment.KubeGroup);
        Assert.Equal("v1", Deployment.KubeVersion);
        Assert.Equal("Deployment", Deployment.KubeKind);
        Assert.Equal("apps/v1", Deployment.KubeApiVersion);
        Assert.Equal("", Pod.KubeGroup);
        Assert.Equal("rbac.authorization.k8s.io/v1", Kube.Client.Models.RbacV1.ClusterRole.KubeApiVersion);
    }

    [Fact]
    public void Kinds_lists_and_references_implement_the_generic_interfaces()
    {
        Assert.IsAssignableFrom<IKubeResource>(new Pod());
        Assert.IsAssignableFrom<IKubeList<Pod>>(new PodList());
        Assert.IsAssignableFrom<IKubeObject>(new ObjectReference());
        Assert.IsAssignableFrom<IHasExtensionData>(new PodSpec());
        Assert.False(typeof(IKubeObject).IsAssignableFrom(typeof(PodSpec)));
        Assert.False(typeof(IKubeResource).IsAssignableFrom(typeof(PodList)));
    }

    [Fact]
    public void The_list_interface_shares_the_items_of_the_typed_property()
    {
        var list = new PodList { Items = new List<Pod> { new() } };
        IKubeList<Pod> generic = list;

        Assert.Same(list.Items, generic.Items);
        generic.Items = new Collection<Pod> { new(), new() };
        Assert.Equal(2, list.Items!.Count);
        generic.Items = null;
        Assert.Null(list.Items);
    }

    [Fact]
    public void Every_model_property_is_nullable_so_absent_and_empty_stay_apart()
    {
        var pod = Json.Read<Pod>("{\"spec\":{\"containers\":[],\"hostNetwork\":false}}");

        Assert.Empty(pod.Spec!.Containers!);
        Assert.False(pod.Spec.HostNetwork);
        Assert.Null(pod.Spec.HostPID);
        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"containers\":[],\"hostNetwork\":false}}", Json.Write(pod));
    }

    [Fact]
    public void Generated_names_handle_awkward_json_names()
    {
        Assert.Equal("$ref", JsonName<Kube.Client.Models.ApiextensionsV1.JSONSchemaProps>("Ref"));
        Assert.Equal("$schema", JsonName<Kube.Client.Models.ApiextensionsV1.JSONSchemaProps>("Schema"));
        Assert.Equal("x-kubernetes-int-or-string", JsonName<Kube.Client.Models.ApiextensionsV1.JSONSchemaProps>("XKubernetesIntOrString"));
        Assert.Equal("status", JsonName<Status>("StatusValue"));
        Assert.Equal("containerPort", JsonName<ContainerPort>("ContainerPortValue"));
    }

    [Fact]
    public void A_dollar_ref_property_reads_and_writes_without_reference_handling()
    {
        const string json = "{\"$ref\":\"#/definitions/x\",\"$schema\":\"http://json-schema.org/draft-04/schema#\"}";

        var schema = Json.Read<Kube.Client.Models.ApiextensionsV1.JSONSchemaProps>(json);

        Assert.Equal("#/definitions/x", schema.Ref);
        Assert.Equal(json, Json.Write(schema));
    }

    [Fact]
    public void Models_are_sealed_partial_classes_with_public_setters()
    {
        var types = typeof(Pod).Assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Kube.Client.Models.", System.StringComparison.Ordinal) == true
            && t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null
            && typeof(IHasExtensionData).IsAssignableFrom(t)).ToList();

        Assert.True(types.Count > 600, $"only {types.Count} models");
        Assert.All(types, t => Assert.True(t.IsSealed, t.FullName));
        Assert.All(types.SelectMany(t => t.GetProperties()), p => Assert.True(p.CanWrite, $"{p.DeclaringType}.{p.Name}"));
    }

    private static string JsonName<T>(string property) =>
        typeof(T).GetProperty(property)!.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;
}
