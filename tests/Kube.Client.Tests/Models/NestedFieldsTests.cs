using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Kube.Client.Models;
using Xunit;

namespace Kube.Client.Tests.Models;

/// <summary>client-go's Nested* helpers: reading, setting and removing fields by path, and their errors.</summary>
public sealed class NestedFieldsTests
{
    private static Unstructured Widget() => Unstructured.Parse(
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\",\"labels\":{\"app.kubernetes.io/name\":\"w\",\"bad\":3}}," +
        "\"spec\":{\"host\":\"h\",\"replicas\":3,\"ratio\":0.5,\"enabled\":true,\"ports\":[80,443],\"tags\":[\"a\",\"b\"],\"mixed\":[\"a\",1],\"nothing\":null," +
        "\"template\":\"not-an-object\",\"env\":{\"A\":\"1\",\"B\":\"2\"}}}");

    [Fact]
    public void Typed_readers_return_the_values()
    {
        var w = Widget();

        Assert.Equal("h", w.NestedString("spec", "host"));
        Assert.Equal(3, w.NestedInt64("spec", "replicas"));
        Assert.Equal(0.5, w.NestedDouble("spec", "ratio"));
        Assert.Equal(3.0, w.NestedDouble("spec", "replicas"));
        Assert.True(w.NestedBool("spec", "enabled"));
        Assert.Equal(new[] { "a", "b" }, w.NestedStringSlice("spec", "tags"));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }, w.NestedStringMap("spec", "env"));
        Assert.Equal("[80,443]", w.NestedSlice("spec", "ports")!.ToJsonString());
        Assert.Equal("{\"A\":\"1\",\"B\":\"2\"}", w.NestedMap("spec", "env")!.ToJsonString());
    }

    [Fact]
    public void Missing_fields_and_JSON_nulls_read_as_null()
    {
        var w = Widget();

        Assert.Null(w.NestedString("spec", "absent"));
        Assert.Null(w.NestedString("absent", "deeper", "still"));
        Assert.Null(w.NestedInt64("spec", "nothing"));
        Assert.Null(w.NestedMap("spec", "nothing", "below"));
        Assert.Null(w.NestedStringSlice("status", "conditions"));
    }

    [Fact]
    public void TryGetNestedField_tells_a_JSON_null_from_a_missing_field()
    {
        var w = Widget();

        Assert.True(w.TryGetNestedField(out var nothing, "spec", "nothing"));
        Assert.Null(nothing);
        Assert.False(w.TryGetNestedField(out _, "spec", "absent"));
    }

    [Fact]
    public void A_path_through_a_value_that_is_not_an_object_is_an_error_naming_it()
    {
        var w = Widget();

        var e = Assert.Throws<NestedFieldException>(() => w.NestedString("spec", "template", "metadata", "name"));

        Assert.Equal(".spec.template", e.FieldPath);
        Assert.Equal("Cannot read .spec.template.metadata.name: .spec.template is a string, not an object.", e.Message);
        Assert.DoesNotContain("not-an-object", e.Message);
    }

    [Theory]
    [InlineData("host", "int64", ".spec.host is a string, expected an integer.")]
    [InlineData("ratio", "int64", ".spec.ratio is a number, expected an integer.")]
    [InlineData("replicas", "string", ".spec.replicas is a number, expected a string.")]
    [InlineData("ports", "bool", ".spec.ports is an array, expected a boolean.")]
    [InlineData("env", "slice", ".spec.env is an object, expected an array.")]
    [InlineData("tags", "map", ".spec.tags is an array, expected an object.")]
    [InlineData("mixed", "strings", ".spec.mixed[1] is a number, expected a string.")]
    public void A_value_of_another_type_is_an_error_naming_path_and_types(string field, string reader, string message)
    {
        var w = Widget();
        Action read = reader switch
        {
            "int64" => () => w.NestedInt64("spec", field),
            "string" => () => w.NestedString("spec", field),
            "bool" => () => w.NestedBool("spec", field),
            "slice" => () => w.NestedSlice("spec", field),
            "map" => () => w.NestedMap("spec", field),
            _ => () => w.NestedStringSlice("spec", field),
        };

        var e = Assert.Throws<NestedFieldException>(read);

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Odd_keys_are_quoted_in_error_paths()
    {
        var e = Assert.Throws<NestedFieldException>(() => Widget().Labels);

        Assert.Equal(".metadata.labels.bad", e.FieldPath);
        Assert.Equal(".metadata.labels[\"app.kubernetes.io/name\"]", NestedFields.FormatPath("metadata", "labels", "app.kubernetes.io/name"));
    }

    [Fact]
    public void Copies_do_not_change_the_object_but_NestedField_is_live()
    {
        var w = Widget();

        w.NestedMap("spec", "env")!["C"] = "3";
        w.NestedSlice("spec", "ports")!.Add(8080);
        w.NestedStringSlice("spec", "tags")!.Add("c");
        ((JsonObject)w.NestedField("spec", "env")!)["D"] = "4";

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2", ["D"] = "4" }, w.NestedStringMap("spec", "env"));
        Assert.Equal(2, w.NestedSlice("spec", "ports")!.Count);
        Assert.Equal(2, w.NestedStringSlice("spec", "tags")!.Count);
    }

    [Fact]
    public void SetNestedField_creates_the_objects_on_the_way_at_the_end()
    {
        var obj = Unstructured.Parse("{\"kind\":\"W\",\"spec\":{\"a\":1}}");

        obj.SetNestedField("v", "spec", "template", "metadata", "name");
        obj.SetNestedField(2, "spec", "a");

        Assert.Equal("{\"kind\":\"W\",\"spec\":{\"a\":2,\"template\":{\"metadata\":{\"name\":\"v\"}}}}", obj.ToJson());
    }

    [Fact]
    public void SetNestedField_replaces_a_JSON_null_on_the_way()
    {
        var obj = Unstructured.Parse("{\"kind\":\"W\",\"metadata\":null}");

        obj.SetLabel("a", "b");

        Assert.Equal("{\"kind\":\"W\",\"metadata\":{\"labels\":{\"a\":\"b\"}}}", obj.ToJson());
    }

    [Fact]
    public void SetNestedField_through_a_value_that_is_not_an_object_is_an_error_and_changes_nothing()
    {
        var w = Widget();
        string before = w.ToJson();

        var e = Assert.Throws<NestedFieldException>(() => w.SetNestedField("x", "spec", "ports", "first"));

        Assert.Equal("Cannot set .spec.ports.first: .spec.ports is an array, not an object.", e.Message);
        Assert.Equal(before, w.ToJson());
    }

    [Fact]
    public void A_node_from_another_tree_is_copied_when_set()
    {
        var source = Widget();
        var target = new Unstructured("v1", "W");

        target.SetNestedField(source.NestedField("spec", "env"), "spec", "env");
        target.SetNestedStringMap(new Dictionary<string, string> { ["X"] = "9" }, "spec", "extra");
        ((JsonObject)target.NestedField("spec", "env")!)["A"] = "changed";

        Assert.Equal("1", source.NestedString("spec", "env", "A"));
        Assert.Equal("9", target.NestedString("spec", "extra", "X"));
    }

    [Fact]
    public void RemoveNestedField_removes_and_reports_whether_it_did()
    {
        var w = Widget();

        Assert.True(w.RemoveNestedField("spec", "env", "A"));
        Assert.False(w.RemoveNestedField("spec", "env", "A"));
        Assert.False(w.RemoveNestedField("status", "anything"));
        Assert.Equal(new Dictionary<string, string> { ["B"] = "2" }, w.NestedStringMap("spec", "env"));
    }

    [Fact]
    public void RemoveNestedField_through_a_value_that_is_not_an_object_is_an_error()
    {
        var e = Assert.Throws<NestedFieldException>(() => Widget().RemoveNestedField("spec", "host", "x"));

        Assert.Equal(".spec.host", e.FieldPath);
    }

    [Fact]
    public void An_empty_path_or_a_null_field_name_is_an_argument_error()
    {
        var w = Widget();

        Assert.Throws<ArgumentException>(() => w.NestedString());
        Assert.Throws<ArgumentException>(() => w.NestedString("spec", null!));
        Assert.Throws<ArgumentException>(() => w.SetNestedField("x"));
    }

    [Fact]
    public void The_static_helpers_work_on_any_JSON_object()
    {
        var container = new JsonObject { ["name"] = "web", ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80 }) };

        NestedFields.SetNestedField(container, "IfNotPresent", "imagePullPolicy");

        Assert.Equal("web", NestedFields.NestedString(container, "name"));
        Assert.Equal("IfNotPresent", NestedFields.NestedString(container, "imagePullPolicy"));
    }
}
