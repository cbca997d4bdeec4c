using System;
using System.Collections.Generic;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Xunit;

namespace Kube.Client.Tests.Models;

/// <summary>One metadata view over typed and unstructured objects, for generic code such as informers.</summary>
public sealed class ObjectMetaAccessorTests
{
    [Fact]
    public void Typed_and_unstructured_objects_give_the_same_view()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = "p", Namespace = "n", Uid = "u", ResourceVersion = "7", Generation = 2,
                Labels = new Dictionary<string, string> { ["app"] = "web" },
                OwnerReferences = new List<OwnerReference> { new() { Kind = "ReplicaSet", Name = "rs" } },
            },
        };
        var unstructured = UnstructuredConverter.ToUnstructured(pod);

        foreach (var meta in new[] { ObjectMetaAccessor.For(pod), ObjectMetaAccessor.For(unstructured) })
        {
            Assert.Equal("p", meta.Name);
            Assert.Equal("n", meta.Namespace);
            Assert.Equal("u", meta.Uid);
            Assert.Equal("7", meta.ResourceVersion);
            Assert.Equal(2, meta.Generation);
            Assert.Equal("web", meta.Labels!["app"]);
            Assert.Equal("rs", Assert.Single(meta.OwnerReferences!).Name);
        }
    }

    [Fact]
    public void The_key_is_namespace_slash_name_or_just_the_name()
    {
        Assert.Equal("n/p", ObjectMetaAccessor.MetaNamespaceKey(new Pod { Metadata = new ObjectMeta { Name = "p", Namespace = "n" } }));
        Assert.Equal("n/p", ObjectMetaAccessor.MetaNamespaceKey(Unstructured.Parse("{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"}}")));
        Assert.Equal("dev", ObjectMetaAccessor.MetaNamespaceKey(new Namespace { Metadata = new ObjectMeta { Name = "dev" } }));
    }

    [Fact]
    public void An_object_without_a_name_has_no_key()
    {
        var e = Assert.Throws<ArgumentException>(() => ObjectMetaAccessor.MetaNamespaceKey(new Unstructured("v1", "ConfigMap")));

        Assert.Contains("ConfigMap has no metadata.name", e.Message);
    }

    [Fact]
    public void A_typed_object_without_metadata_has_an_empty_view()
    {
        var meta = ObjectMetaAccessor.For(new Pod());

        Assert.Null(meta.Name);
        Assert.Null(meta.Labels);
    }

    [Fact]
    public void An_object_without_metadata_is_refused()
    {
        Assert.False(ObjectMetaAccessor.TryFor(new PodSpec(), out _));
        var e = Assert.Throws<ArgumentException>(() => ObjectMetaAccessor.For("text"));
        Assert.Contains("System.String has no object metadata", e.Message);
    }

    [Fact]
    public void Typed_and_unstructured_lists_give_the_same_list_view()
    {
        var typed = new PodList { Metadata = new ListMeta { ResourceVersion = "9", Continue = "c", RemainingItemCount = 4 } };
        var unstructured = UnstructuredConverter.ToUnstructuredList(typed);

        foreach (var meta in new[] { ObjectMetaAccessor.ForList(typed), ObjectMetaAccessor.ForList(unstructured) })
        {
            Assert.Equal("9", meta.ResourceVersion);
            Assert.Equal("c", meta.Continue);
            Assert.Equal(4, meta.RemainingItemCount);
        }
        Assert.Null(ObjectMetaAccessor.ForList(new PodList()).ResourceVersion);
        Assert.Throws<ArgumentException>(() => ObjectMetaAccessor.ForList(new Pod()));
    }
}
