using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Yaml;
using Xunit;

namespace Kube.Client.Tests.Yaml;

public class KubeYamlTests
{
    [Fact]
    public void Objects_need_apiVersion_and_kind_and_the_error_says_which_document()
    {
        var e = Assert.Throws<KubeYamlException>(() => KubeYaml.ReadObjects("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nmetadata:\n  name: b\n", "two.yaml"));
        Assert.Equal("two.yaml: line 5: document 2: has no apiVersion and kind (every object needs both, e.g. apiVersion: v1 and kind: ConfigMap)", e.Message);
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_refused()
    {
        var e = Assert.Throws<KubeYamlException>(() => KubeYaml.ReadObjects("- a\n- b\n", "list.yaml"));
        Assert.Contains("document 1 is a list", e.Message);
    }

    [Fact]
    public void List_kinds_expand_to_their_items_and_empty_documents_are_skipped()
    {
        var yaml = "---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: c}\n";
        var objects = KubeYaml.ReadObjects(yaml);
        Assert.Equal(new[] { "ConfigMap/a", "Secret/b", "Namespace/c" }, objects.Select(o => $"{o.Kind}/{o.Name}"));
    }

    [Fact]
    public void An_item_of_a_list_without_kind_is_named()
    {
        var e = Assert.Throws<KubeYamlException>(() => KubeYaml.ReadObjects("apiVersion: v1\nkind: List\nitems:\n- {metadata: {name: a}}\n", "l.yaml"));
        Assert.Contains("items[0] has no apiVersion and kind", e.Message);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("42")]
    [InlineData("0x10")]
    [InlineData("1.5")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData(" leading space")]
    [InlineData("trailing space ")]
    [InlineData("key: value")]
    [InlineData("- dash")]
    [InlineData("# hash")]
    [InlineData("@at")]
    [InlineData("*star")]
    [InlineData("{brace}")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    [InlineData("multi\nline\n")]
    [InlineData("multi\nline no newline")]
    [InlineData("ünïcödé ✓")]
    public void Strings_round_trip_as_strings(string value)
    {
        var node = new JsonObject { ["v"] = value, [value] = "as key" };
        var yaml = KubeYamlWriter.Write(node);
        var back = (JsonObject)KubeYamlReader.ReadDocuments(yaml)[0].Content!;
        Assert.Equal(value, (string)back["v"]!);
        Assert.Equal("as key", (string)back[value]!);
    }

    [Fact]
    public void Writer_output_is_block_style_like_kubectl()
    {
        var node = JsonNode.Parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"labels\":{}},\"data\":{\"enabled\":\"true\",\"script\":\"echo hi\\nexit 0\\n\"},\"list\":[1,\"2\",{\"k\":[]}]}");
        var yaml = KubeYamlWriter.Write(node);
        Assert.Equal(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {}\ndata:\n  enabled: 'true'\n  script: |\n    echo hi\n    exit 0\nlist:\n- 1\n- '2'\n- k: []\n",
            yaml);
    }

    [Fact]
    public void Several_documents_are_separated()
    {
        var yaml = KubeYamlWriter.Write(new JsonNode?[] { new JsonObject { ["a"] = 1 }, new JsonObject { ["b"] = 2 } });
        Assert.Equal("a: 1\n---\nb: 2\n", yaml);
    }

    [Fact]
    public void Numbers_are_written_exactly()
    {
        var node = JsonNode.Parse("{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"f\":0.1,\"big\":18446744073709551615}");
        var back = KubeYamlReader.ReadDocuments(KubeYamlWriter.Write(node))[0].Content!;
        Assert.Equal(node!.ToJsonString(), back.ToJsonString());
    }

    [Fact]
    public void A_typed_pod_round_trips_through_yaml_without_loss()
    {
        string json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "pod-1.20.json"));
        var pod = JsonSerializer.Deserialize(json, KubeJsonContext.Default.CoreV1Pod)!;
        string yaml = KubeYaml.Write(pod);
        var back = KubeYaml.ReadObjects(yaml, "pod.yaml").Single();
        var again = UnstructuredConverter.FromUnstructured<Pod>(back);
        // The typed model writes its properties in its own order; the data must be the same.
        Kube.Client.Tests.Support.JsonTree.AssertEquivalent(json, JsonSerializer.Serialize(again, KubeJsonContext.Default.CoreV1Pod));
        Kube.Client.Tests.Support.JsonTree.AssertEquivalent(json, back.ToJson());
    }

    [Fact]
    public void Unstructured_objects_and_json_write_the_same()
    {
        var u = new Unstructured("v1", "ConfigMap");
        u.Name = "x";
        Assert.Equal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", KubeYaml.Write(u));
        Assert.Equal(KubeYaml.Write(u), KubeYaml.Write(u.Content));
    }

    [Fact]
    public void Other_objects_are_refused_with_their_type()
    {
        var e = Assert.Throws<ArgumentException>(() => KubeYaml.Write(new Version(1, 0)));
        Assert.Contains("System.Version", e.Message);
    }
}
