using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

/// <summary>Typed ↔ unstructured conversion through the generated serializer context.</summary>
public sealed class UnstructuredConverterTests
{
    private static string PodWithUnknownFields()
    {
        var pod = JsonNode.Parse(TestFiles.ReadTestData("pod-1.20.json"))!;
        pod["futureTopLevel"] = new JsonObject { ["nested"] = new JsonArray(1, "two", null, new JsonObject { ["big"] = long.MaxValue }) };
        pod["metadata"]!["futureMetadata"] = "x";
        pod["spec"]!["containers"]![0]!["futureContainer"] = new JsonArray("x");
        pod["status"]!["conditions"]![0]!["futureCondition"] = 1.5;
        return pod.ToJsonString();
    }

    private const string DeploymentJson =
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"prod\",\"generation\":3,\"labels\":{\"app\":\"web\"}}," +
        "\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":1}}," +
        "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx\",\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"}},\"futureContainerField\":{\"a\":[1]}}]}}," +
        "\"futureSpecField\":true},\"status\":{\"observedGeneration\":3,\"replicas\":3,\"conditions\":[{\"type\":\"Available\",\"status\":\"True\",\"lastTransitionTime\":\"2021-01-13T13:20:00Z\"}]}}";

    private const string ConfigMapJson =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\",\"namespace\":\"default\",\"annotations\":{\"a\":\"b\"}}," +
        "\"data\":{\"key\":\"value\",\"é\":\"中\"},\"binaryData\":{\"bin\":\"AAH/gH8=\"},\"immutable\":false,\"futureField\":{\"x\":9223372036854775807}}";

    [Fact]
    public void A_pod_with_unknown_fields_goes_to_typed_and_back_without_loss()
    {
        string input = PodWithUnknownFields();
        var unstructured = Unstructured.Parse(input);

        var pod = UnstructuredConverter.FromUnstructured<Pod>(unstructured);
        var back = UnstructuredConverter.ToUnstructured(pod);

        Assert.Equal("web-7d4b9c8f5d-x2k9p", pod.Metadata!.Name);
        JsonTree.AssertEquivalent(input, back.ToJson());
        Assert.Equal(long.MaxValue, back.NestedSlice("futureTopLevel", "nested")![3]!["big"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(DeploymentJson)]
    [InlineData(ConfigMapJson)]
    public void Built_in_kinds_with_unknown_fields_round_trip_through_their_models(string json)
    {
        var unstructured = Unstructured.Parse(json);

        object typed = UnstructuredConverter.FromUnstructured(unstructured)!;
        var back = UnstructuredConverter.ToUnstructured(typed);

        JsonTree.AssertEquivalent(json, back.ToJson());
        Assert.Equal(unstructured, back);
    }

    [Fact]
    public void The_typed_model_sees_known_fields_and_keeps_unknown_ones_in_extension_data()
    {
        var deployment = UnstructuredConverter.FromUnstructured<Deployment>(Unstructured.Parse(DeploymentJson));

        Assert.Equal(3, deployment.Spec!.Replicas);
        Assert.Equal("25%", deployment.Spec.Strategy!.RollingUpdate!.MaxSurge!.ToString());
        Assert.True(deployment.Spec.ExtensionData!.ContainsKey("futureSpecField"));
        Assert.True(deployment.Spec.Template!.Spec!.Containers![0].ExtensionData!.ContainsKey("futureContainerField"));
    }

    [Fact]
    public void A_typed_object_becomes_an_unstructured_one_with_the_same_content()
    {
        var cm = new ConfigMap
        {
            Metadata = new ObjectMeta { Name = "settings", Namespace = "default", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Data = new Dictionary<string, string> { ["k"] = "v" },
        };

        var u = UnstructuredConverter.ToUnstructured(cm);

        Assert.Equal("v1", u.ApiVersion);
        Assert.Equal("ConfigMap", u.Kind);
        Assert.Equal("settings", u.Name);
        Assert.Equal("web", u.Labels!["app"]);
        Assert.Equal("v", u.NestedString("data", "k"));
    }

    [Fact]
    public void A_typed_object_without_apiVersion_and_kind_gets_them_from_the_registry_first()
    {
        var cm = new ConfigMap { ApiVersion = null, Kind = null, Metadata = new ObjectMeta { Name = "x" } };

        var u = UnstructuredConverter.ToUnstructured(cm);

        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", u.ToJson());
    }

    [Fact]
    public void FromUnstructured_gives_the_registered_model_of_the_kind()
    {
        Assert.IsType<Deployment>(UnstructuredConverter.FromUnstructured(Unstructured.Parse(DeploymentJson)));
        Assert.IsType<ConfigMap>(UnstructuredConverter.FromUnstructured(Unstructured.Parse(ConfigMapJson)));
    }

    [Fact]
    public void A_kind_without_a_model_stays_unstructured()
    {
        var widget = Unstructured.Parse("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}");

        Assert.Null(UnstructuredConverter.FromUnstructured(widget));
        Assert.False(UnstructuredConverter.TryFromUnstructured(widget, out _));
    }

    [Fact]
    public void An_object_without_apiVersion_cannot_find_its_model()
    {
        Assert.Throws<FormatException>(() => UnstructuredConverter.FromUnstructured(Unstructured.Parse("{\"kind\":\"Pod\"}")));
    }

    [Fact]
    public void Converting_to_the_model_of_another_kind_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => UnstructuredConverter.FromUnstructured<Pod>(Unstructured.Parse(DeploymentJson)));

        Assert.Contains("Deployment prod/web", e.Message);
        Assert.Contains(typeof(Pod).FullName!, e.Message);
    }

    [Fact]
    public void A_field_that_does_not_fit_the_model_is_an_error_naming_the_object_type_and_path()
    {
        var bad = Unstructured.Parse("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":\"three\"}}");

        var e = Assert.Throws<JsonException>(() => UnstructuredConverter.FromUnstructured<Deployment>(bad));

        Assert.Contains("Deployment web", e.Message);
        Assert.Contains(typeof(Deployment).FullName!, e.Message);
        Assert.Equal("$.spec.replicas", e.Path);
    }

    [Fact]
    public void A_type_that_is_not_a_generated_model_is_refused()
    {
        Assert.Throws<ArgumentException>(() => UnstructuredConverter.ToUnstructured(new Uri("https://x")));
        Assert.Throws<ArgumentException>(() => UnstructuredConverter.FromUnstructured<Uri>(new Unstructured()));
    }

    [Fact]
    public void Typed_lists_convert_to_unstructured_lists_and_back()
    {
        var pods = new PodList
        {
            Metadata = new ListMeta { ResourceVersion = "10", Continue = "c" },
            Items = new List<Pod> { new() { Metadata = new ObjectMeta { Name = "a", Namespace = "n" } } },
        };

        var list = UnstructuredConverter.ToUnstructuredList(pods);
        var back = UnstructuredConverter.FromUnstructuredList<PodList>(list);

        Assert.Equal("PodList", list.Kind);
        Assert.Equal("10", list.ResourceVersion);
        Assert.Equal("Pod", list.Items[0].Kind);
        Assert.Equal("a", back.Items![0].Metadata!.Name);
        Assert.Equal("c", back.Metadata!.Continue);
    }

    [Fact]
    public void An_unstructured_object_converts_to_a_copy_of_itself()
    {
        var widget = Unstructured.Parse("{\"kind\":\"Widget\"}");

        var copy = UnstructuredConverter.ToUnstructured(widget);

        Assert.Equal(widget, copy);
        Assert.NotSame(widget, copy);
    }
}
