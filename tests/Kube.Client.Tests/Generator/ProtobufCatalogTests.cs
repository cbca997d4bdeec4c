using System;
using System.Collections.Generic;
using Kube.Generator;
using Kube.Generator.Proto;
using Kube.Generator.Spec;
using Xunit;

namespace Kube.Client.Tests.Generator;

/// <summary>The join of models, proto messages and Go structs, on small hand-made sources.</summary>
public sealed class ProtobufCatalogTests
{
    private const string Definitions = """
        "io.k8s.api.widgets.v1.Gadget": {"type": "object", "properties": {
          "color": {"type": "string"},
          "count": {"type": "integer", "format": "int32"},
          "$ref": {"type": "string"},
          "path": {"type": "string"},
          "readOnly": {"type": "boolean"}
        }}
        """;

    private const string Proto = """
        syntax = "proto2";
        package k8s.io.api.widgets.v1;
        message Gadget {
          optional string color = 1;
          optional int32 count = 2;
          optional string ref = 3;
          optional Source source = 4;
        }
        message Source {
          optional string path = 1;
          optional bool readOnly = 2;
        }
        """;

    private static readonly string[] Go =
    {
        "type Gadget struct {",
        "\tColor string `json:\"color,omitempty\" protobuf:\"bytes,1,opt,name=color\"`",
        "\tCount *int32 `json:\"count,omitempty\" protobuf:\"varint,2,opt,name=count\"`",
        "\tRef string `json:\"$ref,omitempty\" protobuf:\"bytes,3,opt,name=ref\"`",
        "\tSource `json:\",inline\" protobuf:\"bytes,4,opt,name=source\"`",
        "}",
        "type Source struct {",
        "\tPath string `json:\"path\" protobuf:\"bytes,1,opt,name=path\"`",
        "\tReadOnly bool `json:\"readOnly,omitempty\" protobuf:\"varint,2,opt,name=readOnly\"`",
        "}",
    };

    private static SortedDictionary<string, string> Generate(string definitions = Definitions, string proto = Proto, string[]? go = null)
    {
        string spec = "{\"swagger\":\"2.0\",\"paths\":{},\"definitions\":{" + definitions + "}}";
        var schema = new ProtoSchema(path => path == "k8s.io/api/widgets/v1/generated.proto" ? proto : null);
        var sources = new ProtoSources(schema, directory => GoPackage.FromLines(directory + "/types.go", go ?? Go));
        return CodeGenerator.Generate(ApiSpec.Parse(spec, "test"), sources);
    }

    [Fact]
    public void Proto_fields_reach_properties_through_their_json_names_and_inline_parts_fill_the_same_model()
    {
        string code = Generate()["Models/Generated/Protobuf/WidgetsV1/Gadget.Protobuf.cs"];

        Assert.Contains("value.Ref = ProtobufReading.NullIfEmpty(reader.ReadString());", code);
        Assert.Contains("value.Count = reader.ReadInt32();", code);
        Assert.Contains("ReadProtobufSource(ref message, value, ref unknown);", code);
        // path has no omitempty, so an empty path stays "" as JSON would show it; readOnly does.
        Assert.Contains("value.Path = reader.ReadString();", code);
        Assert.Contains("value.ReadOnly = ProtobufReading.NullIfFalse(reader.ReadBool());", code);
        // A pointer is written only when set; a plain Go field always.
        Assert.Contains("if (value.Count is { } f2) writer.WriteInt32(16, f2);", code);
        Assert.Contains("writer.WriteString(10, value.Color ?? \"\");", code);
    }

    [Fact]
    public void A_proto_field_without_a_go_field_fails_with_file_and_line()
    {
        var e = Assert.Throws<ProtoException>(() => Generate(proto: Proto.Replace("optional int32 count = 2;", "optional int32 count = 2;\n  optional string extra = 5;")));

        Assert.Contains("k8s.io/api/widgets/v1/generated.proto:6: field 'extra' = 5 of Gadget has no Go field", e.Message);
    }

    [Fact]
    public void A_property_no_proto_field_fills_fails_naming_it()
    {
        var e = Assert.Throws<ProtoException>(() => Generate(definitions: Definitions.Replace("\"path\": {\"type\": \"string\"},", "\"path\": {\"type\": \"string\"}, \"shape\": {\"type\": \"string\"},")));

        Assert.Contains("no field for the property \"shape\" of definitions.io.k8s.api.widgets.v1.Gadget", e.Message);
    }

    [Fact]
    public void A_proto_type_that_disagrees_with_the_property_type_fails()
    {
        var e = Assert.Throws<ProtoException>(() => Generate(definitions: Definitions.Replace("\"count\": {\"type\": \"integer\", \"format\": \"int32\"}", "\"count\": {\"type\": \"string\"}")));

        Assert.Contains("field 'count' of Gadget is int32, which reads as int, but the property \"count\"", e.Message);
        Assert.Contains("is string", e.Message);
    }

    [Fact]
    public void A_go_protobuf_name_that_disagrees_with_the_proto_fails()
    {
        var go = (string[])Go.Clone();
        go[1] = go[1].Replace("name=color", "name=colour");

        var e = Assert.Throws<ProtoException>(() => Generate(go: go));

        Assert.Contains("field 1 of Gadget is 'color', but its Go field", e.Message);
        Assert.Contains("name=colour", e.Message);
    }

    [Fact]
    public void A_special_message_whose_shape_changed_fails_before_a_wrong_reader_is_used()
    {
        string definitions = Definitions + ",\"io.k8s.apimachinery.pkg.apis.meta.v1.Time\": {\"type\": \"string\", \"format\": \"date-time\"}";
        var schema = new ProtoSchema(path => path switch
        {
            "k8s.io/api/widgets/v1/generated.proto" => Proto,
            "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto" => "syntax = \"proto2\";\npackage k8s.io.apimachinery.pkg.apis.meta.v1;\nmessage Time {\n  optional int64 seconds = 1;\n  optional int64 nanos = 2;\n  optional string zone = 3;\n}",
            _ => null,
        });
        var sources = new ProtoSources(schema, directory => GoPackage.FromLines(directory + "/types.go", Go));
        // A spec definition in the meta package loads its generated.proto, which holds the changed Time.
        string spec = "{\"swagger\":\"2.0\",\"paths\":{},\"definitions\":{" + definitions +
            ",\"io.k8s.apimachinery.pkg.apis.meta.v1.Stamp\": {\"type\": \"object\", \"properties\": {}}}}";

        var e = Assert.Throws<ProtoException>(() => CodeGenerator.Generate(ApiSpec.Parse(spec, "test"), sources));

        Assert.Contains("message Time has the fields [1 seconds int64, 2 nanos int64, 3 zone string]", e.Message);
    }
}
