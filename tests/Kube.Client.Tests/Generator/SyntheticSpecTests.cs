using System.Collections.Generic;
using System.Linq;
using Kube.Generator;
using Kube.Generator.Spec;
using Xunit;

namespace Kube.Client.Tests.Generator;

/// <summary>The generator on small hand-made documents that stress one rule each.</summary>
public sealed class SyntheticSpecTests
{
    private static string Spec(string definitions, string paths = "{}") =>
        "{\"swagger\":\"2.0\",\"info\":{\"title\":\"t\",\"version\":\"v\"},\"paths\":" + paths + ",\"definitions\":{" +
        "\"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}," +
        "\"io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta\":{\"type\":\"object\",\"properties\":{\"continue\":{\"type\":\"string\"}}}," +
        "\"io.k8s.apimachinery.pkg.apis.meta.v1.Status\":{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\"}}}" +
        (definitions.Length > 0 ? "," + definitions : "") + "}}";

    private static SortedDictionary<string, string> Generate(string definitions, string paths = "{}") =>
        CodeGenerator.Generate(ApiSpec.Parse(Spec(definitions, paths), "test"));

    [Fact]
    public void Awkward_property_names_become_valid_distinct_identifiers()
    {
        var files = Generate("\"io.example.widgets.v1.Gadget\":{\"type\":\"object\",\"properties\":{" +
            "\"$ref\":{\"type\":\"string\"},\"ref\":{\"type\":\"string\"},\"gadget\":{\"type\":\"string\"},\"3d\":{\"type\":\"boolean\"}," +
            "\"x-kubernetes-thing\":{\"type\":\"string\"},\"extensionData\":{\"type\":\"string\"},\"class\":{\"type\":\"string\"}}}");

        string code = files["Models/Generated/WidgetsV1/Gadget.cs"];

        Assert.Contains("[JsonPropertyName(\"$ref\")]\n    public string? Ref { get; set; }", code);
        Assert.Contains("[JsonPropertyName(\"ref\")]\n    public string? RefValue { get; set; }", code);
        Assert.Contains("[JsonPropertyName(\"gadget\")]\n    public string? GadgetValue { get; set; }", code);
        Assert.Contains("[JsonPropertyName(\"3d\")]\n    public bool? _3d { get; set; }", code);
        Assert.Contains("public string? XKubernetesThing { get; set; }", code);
        Assert.Contains("[JsonPropertyName(\"extensionData\")]\n    public string? ExtensionDataValue { get; set; }", code);
        Assert.Contains("public string? Class { get; set; }", code);
    }

    [Fact]
    public void Properties_keep_the_document_order()
    {
        var files = Generate("\"io.example.widgets.v1.Ordered\":{\"type\":\"object\",\"properties\":{\"zeta\":{\"type\":\"string\"},\"alpha\":{\"type\":\"string\"}}}");

        string code = files["Models/Generated/WidgetsV1/Ordered.cs"];

        Assert.True(code.IndexOf("Zeta", System.StringComparison.Ordinal) < code.IndexOf("Alpha", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Kind_constants_step_aside_for_a_property_of_the_same_name()
    {
        var files = Generate("\"io.example.widgets.v1.Widget\":{\"type\":\"object\",\"properties\":{\"apiVersion\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},\"kubeKind\":{\"type\":\"string\"}}," +
            "\"x-kubernetes-group-version-kind\":[{\"group\":\"example.io\",\"kind\":\"Widget\",\"version\":\"v1\"}]}");

        string code = files["Models/Generated/WidgetsV1/Widget.cs"];

        Assert.Contains("public const string ApiKubeKind = \"Widget\";", code);
        Assert.Contains("public string? KubeKind { get; set; }", code);
        Assert.Contains("Kind = ApiKubeKind;", code);
        Assert.Contains("public sealed partial class Widget : IKubeObject, IHasExtensionData", code);
    }

    [Fact]
    public void Types_map_to_exact_clr_types()
    {
        var files = Generate("\"io.example.widgets.v1.Types\":{\"type\":\"object\",\"properties\":{" +
            "\"i32\":{\"type\":\"integer\",\"format\":\"int32\"},\"i64\":{\"type\":\"integer\",\"format\":\"int64\"}," +
            "\"d\":{\"type\":\"number\",\"format\":\"double\"},\"b\":{\"type\":\"boolean\"},\"bytes\":{\"type\":\"string\",\"format\":\"byte\"}," +
            "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"map\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"format\":\"int64\"}}}," +
            "\"any\":{\"type\":\"object\"},\"when\":{\"type\":\"string\",\"format\":\"date-time\"}}}");

        string code = files["Models/Generated/WidgetsV1/Types.cs"];

        Assert.Contains("public int? I32 { get; set; }", code);
        Assert.Contains("public long? I64 { get; set; }", code);
        Assert.Contains("public double? D { get; set; }", code);
        Assert.Contains("public bool? B { get; set; }", code);
        Assert.Contains("public byte[]? Bytes { get; set; }", code);
        Assert.Contains("public List<string>? List { get; set; }", code);
        Assert.Contains("public Dictionary<string, List<long>>? Map { get; set; }", code);
        Assert.Contains("public JsonElement? Any { get; set; }", code);
        Assert.Contains("[JsonConverter(typeof(TimeConverter))]\n    public DateTimeOffset? When { get; set; }", code);
        Assert.Contains("[JsonSerializable(typeof(Dictionary<string, List<long>>), TypeInfoPropertyName = \"MapOfListOfInt64\")]", files["Models/Generated/KubeJsonContext.cs"]);
    }

    [Fact]
    public void Descriptions_never_reach_the_generated_code()
    {
        var files = Generate("\"io.example.widgets.v1.Described\":{\"description\":\"SECRET-DEFINITION-DESCRIPTION\",\"type\":\"object\",\"properties\":{" +
            "\"p\":{\"description\":\"SECRET-PROPERTY-DESCRIPTION\",\"type\":\"string\"}}}");

        Assert.DoesNotContain(files.Values, code => code.Contains("SECRET-", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Two_definitions_that_would_share_a_class_are_reported()
    {
        var error = Assert.Throws<SpecException>(() => Generate(
            "\"io.example.a.widgets.v1.Widget\":{\"type\":\"object\",\"properties\":{}}," +
            "\"io.example.b.widgets.v1.Widget\":{\"type\":\"object\",\"properties\":{}}"));

        Assert.Contains("Kube.Client.Models.WidgetsV1.Widget", error.Message);
    }

    [Fact]
    public void A_definition_without_a_generated_form_is_reported_by_name()
    {
        var error = Assert.Throws<SpecException>(() => Generate("\"io.example.widgets.v1.Size\":{\"type\":\"string\"}"));

        Assert.Contains("io.example.widgets.v1.Size", error.Message);
    }

    [Fact]
    public void A_reference_to_a_missing_definition_is_reported()
    {
        var error = Assert.Throws<SpecException>(() => Generate("\"io.example.widgets.v1.Broken\":{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/definitions/io.example.Missing\"}}}"));

        Assert.Contains("io.example.Missing", error.Message);
    }

    [Fact]
    public void Not_an_openapi_v2_document_is_reported()
    {
        Assert.Throws<SpecException>(() => ApiSpec.Parse("{\"openapi\":\"3.0.0\"}", "x.json"));
        Assert.Contains("x.json", Assert.Throws<SpecException>(() => ApiSpec.Parse("{not json", "x.json")).Message);
    }

    [Fact]
    public void A_resource_with_a_list_kind_gets_a_full_client()
    {
        const string widget = "{\"type\":\"object\",\"properties\":{\"apiVersion\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},\"metadata\":{\"$ref\":\"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\"}},\"x-kubernetes-group-version-kind\":[{\"group\":\"example.io\",\"kind\":\"Widget\",\"version\":\"v1\"}]}";
        const string widgetList = "{\"type\":\"object\",\"properties\":{\"apiVersion\":{\"type\":\"string\"},\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/io.example.widgets.v1.Widget\"}},\"kind\":{\"type\":\"string\"},\"metadata\":{\"$ref\":\"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta\"}},\"x-kubernetes-group-version-kind\":[{\"group\":\"example.io\",\"kind\":\"WidgetList\",\"version\":\"v1\"}]}";
        const string gvk = "\"x-kubernetes-group-version-kind\":{\"group\":\"example.io\",\"kind\":\"Widget\",\"version\":\"v1\"}";
        string paths = "{\"/apis/example.io/v1/namespaces/{namespace}/widgets\":{" +
            "\"get\":{\"x-kubernetes-action\":\"list\"," + gvk + ",\"responses\":{\"200\":{\"schema\":{\"$ref\":\"#/definitions/io.example.widgets.v1.WidgetList\"}}}}," +
            "\"post\":{\"x-kubernetes-action\":\"post\"," + gvk + ",\"responses\":{\"201\":{\"schema\":{\"$ref\":\"#/definitions/io.example.widgets.v1.Widget\"}}}}}," +
            "\"/apis/example.io/v1/namespaces/{namespace}/widgets/{name}\":{" +
            "\"delete\":{\"x-kubernetes-action\":\"delete\"," + gvk + "}}}";

        var files = Generate("\"io.example.widgets.v1.Widget\":" + widget + ",\"io.example.widgets.v1.WidgetList\":" + widgetList, paths);

        string client = files["Typed/Generated/ExampleV1/WidgetsClient.cs"];
        Assert.Contains("public WidgetsClient(RestClient rest, string @namespace)", client);
        Assert.Contains("Task<Models.WidgetsV1.WidgetList> ListAsync(", client);
        Assert.Contains("Task<Models.WidgetsV1.Widget> CreateAsync(", client);
        Assert.Contains("Task DeleteAsync(", client);
        Assert.DoesNotContain("GetAsync", client);
        Assert.DoesNotContain("WatchAsync", client);
        Assert.Contains("public WidgetsClient Widgets(string @namespace) => new(RestClient, @namespace);", files["Typed/Generated/ExampleV1/ExampleV1Client.cs"]);
        Assert.Contains("public Typed.ExampleV1.ExampleV1Client ExampleV1() => _exampleV1;", files["Typed/Generated/Clientset.cs"]);
        Assert.Contains("public sealed partial class Widget : IKubeResource, IHasExtensionData", files["Models/Generated/WidgetsV1/Widget.cs"]);
        Assert.Contains("public sealed partial class WidgetList : IKubeList<Widget>, IHasExtensionData", files["Models/Generated/WidgetsV1/WidgetList.cs"]);
        Assert.Contains("typeof(WidgetsV1.Widget), typeof(WidgetsV1.WidgetList)),", files["Models/Generated/ModelRegistry.cs"]);
    }

    [Fact]
    public void The_order_of_definitions_in_the_document_does_not_change_the_output()
    {
        string[] definitions =
        {
            "\"io.example.widgets.v1.Zed\":{\"type\":\"object\",\"properties\":{\"list\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/io.example.gadgets.v2.Alpha\"}}}}",
            "\"io.example.gadgets.v2.Alpha\":{\"type\":\"object\",\"properties\":{\"map\":{\"type\":\"object\",\"additionalProperties\":{\"$ref\":\"#/definitions/io.example.widgets.v1.Zed\"}}}}",
            "\"io.example.widgets.v1.Mid\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"boolean\"}},\"x-kubernetes-group-version-kind\":[{\"group\":\"example.io\",\"kind\":\"Mid\",\"version\":\"v1\"}]}",
        };

        var forward = Generate(string.Join(",", definitions));
        var backward = Generate(string.Join(",", definitions.Reverse()));

        Assert.Equal(forward.Keys, backward.Keys);
        Assert.All(forward, f => Assert.Equal(f.Value, backward[f.Key]));
        Assert.Equal(forward, Generate(string.Join(",", definitions)));
    }

    [Fact]
    public void Every_file_carries_the_generated_banner_and_unix_line_endings()
    {
        var files = Generate("\"io.example.widgets.v1.Gadget\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");

        Assert.All(files.Where(f => f.Key.EndsWith(".cs", System.StringComparison.Ordinal)), f =>
        {
            Assert.StartsWith("// <auto-generated>\n", f.Value);
            Assert.Contains("Kube.Generator", f.Value);
            Assert.DoesNotContain("\r", f.Value);
            Assert.EndsWith("}\n", f.Value);
        });
    }
}
