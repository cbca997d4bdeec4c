using System;
using System.Linq;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Schema;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class ModelRegistryTests
{
    [Fact]
    public void A_kind_maps_to_its_model_list_and_serializer_metadata()
    {
        Assert.True(ModelRegistry.TryGet(new GroupVersionKind("", "v1", "Pod"), out var pod));

        Assert.Equal(typeof(Pod), pod.Type);
        Assert.Equal(typeof(PodList), pod.ListType);
        Assert.Equal(typeof(Pod), pod.TypeInfo.Type);
        Assert.Equal(typeof(PodList), pod.ListTypeInfo!.Type);
    }

    [Fact]
    public void A_model_maps_back_to_its_kind()
    {
        Assert.Equal(new GroupVersionKind("apps", "v1", "Deployment"), ModelRegistry.GetKind<Deployment>());
        Assert.True(ModelRegistry.TryGetKind(typeof(PodList), out var list));
        Assert.Equal(new GroupVersionKind("", "v1", "PodList"), list);
    }

    [Fact]
    public void Models_every_group_shares_resolve_by_kind_but_not_back()
    {
        Assert.True(ModelRegistry.TryGet(new GroupVersionKind("apps", "v1", "DeleteOptions"), out var options));
        Assert.Equal(typeof(DeleteOptions), options.Type);
        Assert.False(ModelRegistry.TryGetKind(typeof(DeleteOptions), out _));
        Assert.Throws<ArgumentException>(() => ModelRegistry.GetKind<DeleteOptions>());
    }

    [Fact]
    public void Unknown_kinds_and_kindless_models_are_not_found()
    {
        Assert.False(ModelRegistry.TryGet(new GroupVersionKind("example.com", "v1", "Widget"), out _));
        Assert.False(ModelRegistry.TryGetKind(typeof(PodSpec), out _));
    }

    [Fact]
    public void Every_registration_resolves_its_serializer_metadata()
    {
        Assert.True(ModelRegistry.All.Count > 250);
        foreach (var registration in ModelRegistry.All)
        {
            Assert.Equal(registration.Type, registration.TypeInfo.Type);
            Assert.Equal(registration.ListType, registration.ListTypeInfo?.Type);
        }
    }

    [Fact]
    public void Every_kind_with_objectmeta_that_has_a_list_kind_registers_it()
    {
        var kinds = ModelRegistry.All.Where(r => typeof(IKubeResource).IsAssignableFrom(r.Type)).ToList();
        var listed = kinds.Where(r => r.ListType is not null).ToList();

        Assert.Contains(listed, r => r.Type == typeof(Kube.Client.Models.ApiextensionsV1.CustomResourceDefinition));
        Assert.All(listed, r => Assert.Equal(r.Type.Name + "List", r.ListType!.Name));
    }

    [Fact]
    public void The_kind_of_an_object_is_its_own_apiVersion_and_kind_else_its_model_types()
    {
        Assert.True(ModelRegistry.TryGetKind((object)new Kube.Client.Models.CoreV1.Pod(), out var pod));
        Assert.Equal(new Kube.Client.Schema.GroupVersionKind("", "v1", "Pod"), pod);
        Assert.True(ModelRegistry.TryGetKind((object)new Unstructured("example.com/v1", "Widget"), out var widget));
        Assert.Equal(new Kube.Client.Schema.GroupVersionKind("example.com", "v1", "Widget"), widget);
        Assert.False(ModelRegistry.TryGetKind((object)new Unstructured("a/b/c", "Widget"), out _));
        Assert.False(ModelRegistry.TryGetKind("not an object", out _));
        Assert.False(ModelRegistry.TryGetKind((object?)null, out _));
    }
}
