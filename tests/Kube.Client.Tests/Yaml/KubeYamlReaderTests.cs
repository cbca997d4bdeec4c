using System.Linq;
using System.Text.Json.Nodes;
using Kube.Client.Yaml;
using Xunit;

namespace Kube.Client.Tests.Yaml;

public class KubeYamlReaderTests
{
    private static JsonNode? Value(string yaml) => ((JsonObject)KubeYamlReader.ReadDocuments("v: " + yaml)[0].Content!)["v"];

    [Theory]
    [InlineData("yes", "true")]
    [InlineData("No", "false")]
    [InlineData("on", "true")]
    [InlineData("OFF", "false")]
    [InlineData("true", "true")]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("", "null")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("0x1F", "31")]
    [InlineData("012", "10")]
    [InlineData("0b101", "5")]
    [InlineData("1_000", "1000")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("'yes'", "\"yes\"")]
    [InlineData("\"42\"", "\"42\"")]
    [InlineData("1:20", "\"1:20\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("0.5Gi", "\"0.5Gi\"")]
    [InlineData("100m", "\"100m\"")]
    [InlineData("!!str 42", "\"42\"")]
    [InlineData("!!int \"42\"", "42")]
    [InlineData("hello world", "\"hello world\"")]
    public void Plain_scalars_are_typed_as_kubectl_types_them(string yaml, string json) =>
        Assert.Equal(json, Value(yaml)?.ToJsonString() ?? "null");

    [Fact]
    public void Documents_keep_their_order_and_lines_and_empty_ones_are_null()
    {
        var docs = KubeYamlReader.ReadDocuments("a: 1\n---\n---\nb: 2\n---\n", "m.yaml");
        Assert.Equal(3, docs.Count);
        Assert.Equal("{\"a\":1}", docs[0].Content!.ToJsonString());
        Assert.Null(docs[1].Content);
        Assert.Equal("{\"b\":2}", docs[2].Content!.ToJsonString());
        Assert.Equal(4, docs[2].Line);
        Assert.Equal("m.yaml, document 3 (line 4)", docs[2].Describe());
    }

    [Fact]
    public void Key_order_is_kept()
    {
        var doc = KubeYamlReader.ReadDocuments("z: 1\na: 2\nm: {x: 1, b: 2}\n")[0];
        Assert.Equal("{\"z\":1,\"a\":2,\"m\":{\"x\":1,\"b\":2}}", doc.Content!.ToJsonString());
    }

    [Fact]
    public void Keys_that_YAML_1_1_reads_as_booleans_become_true_and_false_as_in_kubectl()
    {
        var doc = KubeYamlReader.ReadDocuments("point: {x: 1, y: 2}\n'y': 3\n")[0];
        Assert.Equal("{\"point\":{\"x\":1,\"true\":2},\"y\":3}", doc.Content!.ToJsonString());
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_expand_and_explicit_keys_win()
    {
        var yaml = "base: &b {cpu: 1, memory: 2Gi}\nc1: *b\nc2:\n  <<: *b\n  cpu: 4\nlist: [&x 7, *x]\n";
        var doc = (JsonObject)KubeYamlReader.ReadDocuments(yaml)[0].Content!;
        Assert.Equal("{\"cpu\":1,\"memory\":\"2Gi\"}", doc["c1"]!.ToJsonString());
        Assert.Equal("{\"cpu\":4,\"memory\":\"2Gi\"}", doc["c2"]!.ToJsonString());
        Assert.Equal("[7,7]", doc["list"]!.ToJsonString());
    }

    [Fact]
    public void A_duplicate_key_is_an_error_at_its_line()
    {
        var e = Assert.Throws<KubeYamlException>(() => KubeYamlReader.ReadDocuments("metadata:\n  name: a\n  name: b\n", "dup.yaml"));
        Assert.Equal("dup.yaml: line 3, column 3: the key \"name\" appears twice in this mapping", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_syntax_error_names_the_source_line_and_column()
    {
        var e = Assert.Throws<KubeYamlException>(() => KubeYamlReader.ReadDocuments("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indentation\n", "cm.yaml"));
        Assert.Equal("cm.yaml", e.Source);
        Assert.Equal(5, e.Line);
        Assert.StartsWith("cm.yaml: line 5, column ", e.Message);
    }

    [Fact]
    public void An_unclosed_bracket_is_reported_with_a_position()
    {
        var e = Assert.Throws<KubeYamlException>(() => KubeYamlReader.ReadDocuments("a: [1, 2\nb: 3\nc: 4\n", "open.yaml"));
        Assert.NotNull(e.Line);
        Assert.StartsWith("open.yaml: line ", e.Message);
    }

    [Fact]
    public void An_alias_to_nothing_is_an_error()
    {
        var e = Assert.Throws<KubeYamlException>(() => KubeYamlReader.ReadDocuments("a: *missing\n"));
        Assert.Contains("*missing", e.Message);
    }

    [Fact]
    public void Infinity_has_no_JSON_form_and_says_so()
    {
        var e = Assert.Throws<KubeYamlException>(() => KubeYamlReader.ReadDocuments("limit: .inf\n", "f.yaml"));
        Assert.Contains("quote it", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Block_scalars_keep_their_text()
    {
        var doc = (JsonObject)KubeYamlReader.ReadDocuments("script: |\n  echo hi\n  exit 0\nfolded: >\n  one\n  two\n")[0].Content!;
        Assert.Equal("echo hi\nexit 0\n", (string)doc["script"]!);
        Assert.Equal("one two\n", (string)doc["folded"]!);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_missing_file_is_named()
    {
        var e = await Assert.ThrowsAsync<KubeYamlException>(() => KubeYamlReader.ReadFileAsync("/nonexistent/dir/x.yaml"));
        Assert.Equal("/nonexistent/dir/x.yaml: the file does not exist", e.Message);
    }
}
