using System;
using System.Collections.Generic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Schema;
using Xunit;

namespace Kube.Client.Tests.Models;

/// <summary>The typed accessors of apiVersion, kind and metadata.</summary>
public sealed class UnstructuredAccessorTests
{
    private const string Full =
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{" +
        "\"name\":\"web\",\"namespace\":\"prod\",\"generateName\":\"web-\",\"uid\":\"0b7e-11\",\"resourceVersion\":\"4821\",\"generation\":7," +
        "\"creationTimestamp\":\"2021-01-13T13:20:00Z\",\"deletionTimestamp\":\"2021-01-14T08:00:05Z\"," +
        "\"labels\":{\"app\":\"web\",\"tier\":\"front\"},\"annotations\":{\"note\":\"x\"},\"finalizers\":[\"example.com/keep\"]," +
        "\"ownerReferences\":[{\"apiVersion\":\"example.com/v1\",\"kind\":\"Site\",\"name\":\"s\",\"uid\":\"9\",\"controller\":true,\"futureField\":1}]}}";

    [Fact]
    public void Metadata_is_read_through_typed_accessors()
    {
        var d = Unstructured.Parse(Full);

        Assert.Equal("apps/v1", d.ApiVersion);
        Assert.Equal("Deployment", d.Kind);
        Assert.Equal("web", d.Name);
        Assert.Equal("prod", d.Namespace);
        Assert.Equal("web-", d.GenerateName);
        Assert.Equal("0b7e-11", d.Uid);
        Assert.Equal("4821", d.ResourceVersion);
        Assert.Equal(7, d.Generation);
        Assert.Equal(new DateTimeOffset(2021, 1, 13, 13, 20, 0, TimeSpan.Zero), d.CreationTimestamp);
        Assert.Equal(new DateTimeOffset(2021, 1, 14, 8, 0, 5, TimeSpan.Zero), d.DeletionTimestamp);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }, d.Labels);
        Assert.Equal("x", d.Annotations!["note"]);
        Assert.Equal(new[] { "example.com/keep" }, d.Finalizers);
        var owner = Assert.Single(d.OwnerReferences!);
        Assert.Equal("Site", owner.Kind);
        Assert.True(owner.Controller);
        Assert.True(owner.ExtensionData!.ContainsKey("futureField"));
    }

    [Fact]
    public void Absent_metadata_reads_as_null()
    {
        var empty = new Unstructured();

        Assert.Null(empty.ApiVersion);
        Assert.Null(empty.Name);
        Assert.Null(empty.Generation);
        Assert.Null(empty.CreationTimestamp);
        Assert.Null(empty.Labels);
        Assert.Null(empty.Finalizers);
        Assert.Null(empty.OwnerReferences);
    }

    [Fact]
    public void Setters_write_the_tree_and_null_removes()
    {
        var cm = new Unstructured("v1", "ConfigMap")
        {
            Name = "settings",
            Namespace = "default",
            Generation = 2,
            CreationTimestamp = new DateTimeOffset(2021, 1, 13, 14, 20, 0, TimeSpan.FromHours(1)),
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Finalizers = new[] { "f" },
            OwnerReferences = new[] { new OwnerReference { ApiVersion = "v1", Kind = "Namespace", Name = "default", Uid = "1" } },
        };

        Assert.Equal(
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\",\"namespace\":\"default\",\"generation\":2," +
            "\"creationTimestamp\":\"2021-01-13T13:20:00Z\",\"labels\":{\"app\":\"web\"},\"finalizers\":[\"f\"]," +
            "\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"name\":\"default\",\"uid\":\"1\"}]}}",
            cm.ToJson());

        cm.Namespace = null;
        cm.Labels = new Dictionary<string, string>();
        cm.Finalizers = null;
        cm.OwnerReferences = Array.Empty<OwnerReference>();
        cm.Generation = null;
        cm.CreationTimestamp = null;

        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\"}}", cm.ToJson());
    }

    [Fact]
    public void Maps_returned_by_accessors_are_copies()
    {
        var d = Unstructured.Parse(Full);

        var labels = new Dictionary<string, string>(d.Labels!) { ["extra"] = "1" };
        d.SetAnnotation("added", "yes");

        Assert.Equal(2, d.Labels!.Count);
        Assert.Equal(3, labels.Count);
        Assert.Equal("yes", d.Annotations!["added"]);
    }

    [Theory]
    [InlineData("{\"metadata\":{\"name\":5}}", ".metadata.name is a number, expected a string.")]
    [InlineData("{\"metadata\":\"x\"}", "Cannot read .metadata.name: .metadata is a string, not an object.")]
    public void A_metadata_field_of_the_wrong_type_is_an_error(string json, string message)
    {
        var e = Assert.Throws<NestedFieldException>(() => Unstructured.Parse(json).Name);

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_timestamp_that_is_not_RFC_3339_is_an_error()
    {
        var e = Assert.Throws<NestedFieldException>(() => Unstructured.Parse("{\"metadata\":{\"creationTimestamp\":\"yesterday\"}}").CreationTimestamp);

        Assert.Equal(".metadata.creationTimestamp", e.FieldPath);
    }

    [Fact]
    public void Owner_references_that_do_not_fit_the_model_are_an_error()
    {
        var e = Assert.Throws<NestedFieldException>(() => Unstructured.Parse("{\"metadata\":{\"ownerReferences\":[{\"controller\":\"yes\"}]}}").OwnerReferences);

        Assert.Equal(".metadata.ownerReferences", e.FieldPath);
    }

    [Theory]
    [InlineData("v1", "Pod", "", "v1", "Pod")]
    [InlineData("apps/v1", "Deployment", "apps", "v1", "Deployment")]
    [InlineData("stable.example.com/v1beta1", "CronTab", "stable.example.com", "v1beta1", "CronTab")]
    public void The_group_version_kind_comes_from_apiVersion_and_kind(string apiVersion, string kind, string group, string version, string expectedKind)
    {
        var obj = new Unstructured(apiVersion, kind);

        Assert.Equal(new GroupVersionKind(group, version, expectedKind), obj.GetGroupVersionKind());
    }

    [Theory]
    [InlineData("{\"kind\":\"Pod\"}", "has no apiVersion")]
    [InlineData("{\"apiVersion\":\"v1\"}", "has no kind")]
    [InlineData("{}", "neither apiVersion nor kind")]
    [InlineData("{\"apiVersion\":\"a/b/c\",\"kind\":\"Pod\"}", "\"a/b/c\"")]
    public void A_missing_or_malformed_group_version_kind_is_a_clear_error(string json, string message)
    {
        var obj = Unstructured.Parse(json);

        var e = Assert.Throws<FormatException>(() => obj.GetGroupVersionKind());

        Assert.Contains(message, e.Message);
        Assert.False(obj.TryGetGroupVersionKind(out _));
    }

    [Fact]
    public void SetGroupVersionKind_writes_apiVersion_and_kind()
    {
        var obj = new Unstructured();

        obj.SetGroupVersionKind(new GroupVersionKind("batch", "v1", "Job"));

        Assert.Equal("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\"}", obj.ToJson());
    }
}
