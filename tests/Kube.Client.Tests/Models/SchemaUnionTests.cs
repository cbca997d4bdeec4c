using System.Collections.Generic;
using System.Text.Json;
using Kube.Client.Models.ApiextensionsV1;
using Kube.Client.Tests.Support;
using Xunit;
using V1beta1 = Kube.Client.Models.ApiextensionsV1beta1;

namespace Kube.Client.Tests.Models;

public sealed class SchemaUnionTests
{
    [Theory]
    [InlineData("{\"additionalProperties\":false}")]
    [InlineData("{\"additionalProperties\":true}")]
    [InlineData("{\"additionalProperties\":{\"type\":\"string\"}}")]
    [InlineData("{\"additionalItems\":{\"additionalProperties\":{\"additionalProperties\":false}}}")]
    public void Schema_or_bool_round_trips_both_forms(string json)
    {
        Assert.Equal(json, Json.RoundTrip<JSONSchemaProps>(json));
    }

    [Fact]
    public void Schema_or_bool_reads_an_object_as_allowed_with_that_schema()
    {
        var schema = Json.Read<JSONSchemaProps>("{\"additionalProperties\":{\"type\":\"integer\"}}");

        Assert.True(schema.AdditionalProperties!.Allows);
        Assert.Equal("integer", schema.AdditionalProperties.Schema!.Type);
        Assert.False(Json.Read<JSONSchemaProps>("{\"additionalProperties\":false}").AdditionalProperties!.Allows);
    }

    [Theory]
    [InlineData("{\"items\":{\"type\":\"string\"}}")]
    [InlineData("{\"items\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}")]
    [InlineData("{\"items\":[]}")]
    public void Schema_or_array_round_trips_both_forms(string json)
    {
        Assert.Equal(json, Json.RoundTrip<JSONSchemaProps>(json));
    }

    [Theory]
    [InlineData("{\"dependencies\":{\"a\":[\"b\",\"c\"],\"d\":{\"required\":[\"e\"]}}}")]
    [InlineData("{\"dependencies\":{\"a\":[]}}")]
    public void Schema_or_string_array_round_trips_both_forms(string json)
    {
        Assert.Equal(json, Json.RoundTrip<JSONSchemaProps>(json));
    }

    [Theory]
    [InlineData("{\"additionalProperties\":\"yes\"}")]
    [InlineData("{\"items\":true}")]
    [InlineData("{\"dependencies\":{\"a\":[1]}}")]
    public void A_union_of_the_wrong_shape_is_a_json_error(string json)
    {
        Assert.Throws<JsonException>(() => Json.Read<JSONSchemaProps>(json));
    }

    [Fact]
    public void Unions_built_in_code_serialize_to_the_set_side()
    {
        var schema = new JSONSchemaProps
        {
            AdditionalProperties = false,
            Items = new JSONSchemaPropsOrArray(new List<JSONSchemaProps> { new() { Type = "string" } }),
            Dependencies = new Dictionary<string, JSONSchemaPropsOrStringArray> { ["a"] = new(new List<string> { "b" }) },
        };

        Assert.Equal("{\"additionalProperties\":false,\"dependencies\":{\"a\":[\"b\"]},\"items\":[{\"type\":\"string\"}]}", Json.Write(schema));
    }

    [Fact]
    public void The_v1beta1_unions_behave_the_same()
    {
        const string json = "{\"additionalProperties\":{\"type\":\"string\"},\"dependencies\":{\"a\":[\"b\"]},\"items\":[{\"type\":\"string\"}]}";

        Assert.Equal(json, Json.RoundTrip<V1beta1.JSONSchemaProps>(json));
    }

    [Fact]
    public void A_crd_with_a_deeply_nested_schema_round_trips()
    {
        string inner = "{\"type\":\"string\"}";
        for (int i = 0; i < 40; i++) inner = "{\"properties\":{\"p\":" + inner + "},\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}";
        string json = "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"widgets.example.com\"},\"spec\":{\"group\":\"example.com\",\"names\":{\"kind\":\"Widget\",\"plural\":\"widgets\"},\"scope\":\"Namespaced\",\"versions\":[{\"name\":\"v1\",\"schema\":{\"openAPIV3Schema\":" + inner + "},\"served\":true,\"storage\":true}]}}";

        string written = Json.RoundTrip<CustomResourceDefinition>(json);

        JsonTree.AssertEquivalent(json, written);
    }
}
