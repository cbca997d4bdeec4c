using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Models;

/// <summary>Reading and writing the JSON of unstructured objects: exact numbers, member order, unknown content.</summary>
public sealed class UnstructuredJsonTests
{
    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("18446744073709551615")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("0.1")]
    [InlineData("-2.5E-7")]
    public void Numbers_are_written_back_exactly_as_read(string number)
    {
        string json = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"spec\":{\"n\":" + number + ",\"list\":[" + number + "]}}";

        Assert.Equal(json, Unstructured.Parse(json).ToJson());
    }

    [Fact]
    public void Int64_extremes_read_exactly_through_the_nested_helpers()
    {
        var obj = Unstructured.Parse("{\"spec\":{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"generation\":1}}");

        Assert.Equal(long.MaxValue, obj.NestedInt64("spec", "max"));
        Assert.Equal(long.MinValue, obj.NestedInt64("spec", "min"));
    }

    [Fact]
    public void Member_order_is_kept_at_every_depth()
    {
        string json = "{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"uid\":\"u\",\"name\":\"w\",\"annotations\":{\"z\":\"1\",\"a\":\"2\"}},\"zeta\":{\"b\":1,\"a\":[{\"y\":1,\"x\":2}]},\"alpha\":true}";

        Assert.Equal(json, Unstructured.Parse(json).ToJson());
    }

    [Fact]
    public void Changing_an_existing_field_keeps_its_place()
    {
        var obj = Unstructured.Parse("{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"name\":\"w\",\"namespace\":\"n\"}}");

        obj.Kind = "Gadget";
        obj.Name = "g";

        Assert.Equal("{\"kind\":\"Gadget\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"name\":\"g\",\"namespace\":\"n\"}}", obj.ToJson());
    }

    [Fact]
    public void Unknown_content_nulls_and_non_ASCII_text_survive_unchanged()
    {
        string json = "{\"kind\":\"Widget\",\"x-future\":{\"deep\":[null,[],{},[1,[2,[3]]],false,\"é ü 中 <&> \\\"q\\\" \\\\ \\n\"]},\"empty\":\"\",\"nothing\":null}";

        Assert.Equal(json, Unstructured.Parse(json).ToJson());
    }

    [Fact]
    public void Indented_output_is_the_same_tree()
    {
        var obj = Unstructured.Parse("{\"kind\":\"Widget\",\"spec\":{\"a\":[1,2]}}");

        string indented = obj.ToJson(indented: true);

        Assert.Contains("\n", indented);
        Assert.Equal(obj, Unstructured.Parse(indented));
    }

    [Fact]
    public async Task An_object_is_read_from_a_stream_split_in_small_chunks()
    {
        string json = "{\"kind\":\"Widget\",\"spec\":{\"big\":9223372036854775807,\"text\":\"" + new string('x', 5000) + "\"}}";

        var obj = await Unstructured.ParseAsync(ChunkedStream.Split(Encoding.UTF8.GetBytes(json), 7));

        Assert.Equal(json, obj.ToJson());
    }

    [Fact]
    public void A_repeated_field_is_an_error_naming_the_field_and_where()
    {
        var e = Assert.Throws<JsonException>(() => Unstructured.Parse("{\"kind\":\"Widget\",\"metadata\":{\"labels\":{\"a\":\"1\",\"a\":\"2\"}}}"));

        Assert.Contains("\"a\"", e.Message);
        Assert.Contains("metadata.labels", e.Message);
    }

    [Theory]
    [InlineData("[1,2]", "an array")]
    [InlineData("\"text\"", "a string")]
    [InlineData("null", "null")]
    public void A_document_that_is_not_an_object_is_refused(string json, string found)
    {
        var e = Assert.Throws<JsonException>(() => Unstructured.Parse(json));

        Assert.Contains("must be a JSON object", e.Message);
        Assert.Contains(found, e.Message);
    }

    [Fact]
    public void A_syntax_error_says_the_JSON_is_not_valid_and_where()
    {
        var e = Assert.Throws<JsonException>(() => Unstructured.Parse("{\"kind\":\"Widget\",\n\"spec\":{\"a\":}}"));

        Assert.Contains("not valid JSON", e.Message);
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void WriteTo_writes_the_same_JSON_as_ToJson()
    {
        var obj = Unstructured.Parse("{\"kind\":\"Widget\",\"n\":12345678901234567}");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) obj.WriteTo(writer);

        Assert.Equal(obj.ToJson(), Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Equality_ignores_member_order_and_compares_numbers_by_value()
    {
        var a = Unstructured.Parse("{\"kind\":\"W\",\"spec\":{\"a\":1,\"b\":[1,2],\"c\":2.50}}");
        var b = Unstructured.Parse("{\"spec\":{\"c\":2.5,\"b\":[1,2],\"a\":1.0},\"kind\":\"W\"}");

        Assert.True(a.Equals(b));
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("{\"kind\":\"W\",\"spec\":{\"a\":null}}", "{\"kind\":\"W\",\"spec\":{}}")]
    [InlineData("{\"kind\":\"W\",\"spec\":[1,2]}", "{\"kind\":\"W\",\"spec\":[2,1]}")]
    [InlineData("{\"kind\":\"W\",\"n\":1}", "{\"kind\":\"W\",\"n\":\"1\"}")]
    [InlineData("{\"kind\":\"W\",\"n\":9223372036854775807}", "{\"kind\":\"W\",\"n\":9223372036854775806}")]
    [InlineData("{\"kind\":\"W\",\"s\":\"a\"}", "{\"kind\":\"W\",\"s\":\"A\"}")]
    [InlineData("{\"kind\":\"W\",\"b\":true}", "{\"kind\":\"W\",\"b\":false}")]
    public void Objects_that_differ_anywhere_are_not_equal(string left, string right)
    {
        Assert.NotEqual(Unstructured.Parse(left), Unstructured.Parse(right));
        Assert.True(Unstructured.Parse(left) != Unstructured.Parse(right));
    }

    [Fact]
    public void Values_set_from_CLR_numbers_equal_the_same_numbers_read_from_JSON()
    {
        var built = new Unstructured("v1", "W");
        built.SetNestedField(3, "spec", "replicas");
        built.SetNestedField(2.5, "spec", "ratio");

        Assert.Equal(Unstructured.Parse("{\"apiVersion\":\"v1\",\"kind\":\"W\",\"spec\":{\"replicas\":3,\"ratio\":2.5}}"), built);
        Assert.Equal(3, built.NestedInt64("spec", "replicas"));
    }

    [Fact]
    public void A_deep_copy_is_equal_and_shares_nothing()
    {
        var original = Unstructured.Parse("{\"kind\":\"W\",\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}}}");

        var copy = original.DeepCopy();
        copy.SetLabel("x", "2");

        Assert.Equal("1", original.Labels!["x"]);
        Assert.Equal("2", copy.Labels!["x"]);
        Assert.NotEqual(original, copy);
    }

    [Fact]
    public void Wrapping_a_node_of_another_tree_is_refused()
    {
        var parent = new JsonObject { ["child"] = new JsonObject() };

        var e = Assert.Throws<System.ArgumentException>(() => new Unstructured((JsonObject)parent["child"]!));

        Assert.Contains("DeepClone", e.Message);
    }

    [Fact]
    public void ToString_names_kind_namespace_and_name()
    {
        Assert.Equal("ConfigMap default/settings", Unstructured.Parse("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\",\"namespace\":\"default\"}}").ToString());
        Assert.Equal("Namespace dev", Unstructured.Parse("{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"dev\"}}").ToString());
        Assert.Equal("object", Unstructured.Parse("{\"kind\":7}").ToString());
    }
}
