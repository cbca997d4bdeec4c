using System.Linq;
using Kube.Generator.Proto;
using Xunit;

namespace Kube.Client.Tests.Generator;

public sealed class GoPackageTests
{
    private static readonly string[] Source =
    {
        "package v1",
        "",
        "// Widget is a thing.",
        "type Widget struct {",
        "\tmetav1.TypeMeta `json:\",inline\"`",
        "\t// +optional",
        "\tmetav1.ObjectMeta `json:\"metadata,omitempty\" protobuf:\"bytes,1,opt,name=metadata\"`",
        "\tSpec WidgetSpec `json:\"spec\" protobuf:\"bytes,2,opt,name=spec\"`",
        "}",
        "",
        "type WidgetSpec struct {",
        "\tColor string `json:\"color,omitempty\" protobuf:\"bytes,1,opt,name=color\"`",
        "\tReplicas *int32 `json:\"replicas,omitempty\" protobuf:\"varint,2,opt,name=replicas\"`",
        "\tSource `json:\",inline\" protobuf:\"bytes,3,opt,name=source\"`",
        "\tWebhooks []Webhook `json:\"webhooks,omitempty\" patchStrategy:\"merge\" protobuf:\"bytes,4,rep,name=Webhooks\"`",
        "\tRaw []byte `json:\"-\" protobuf:\"bytes,5,opt,name=raw\"`",
        "\ttime.Time `protobuf:\"-\"`",
        "\tinternal int // no tags",
        "}",
        "",
        "type Empty struct{}",
        "",
        "type Verbs []string",
    };

    [Fact]
    public void Struct_fields_give_json_names_pointers_omitempty_and_inline()
    {
        var package = GoPackage.FromLines("types.go", Source);
        var spec = package.Structs["WidgetSpec"].Fields;

        Assert.Equal(new[] { "color", "replicas", null, "webhooks", null, null }, spec.Select(f => f.JsonName));
        Assert.Equal(new int?[] { 1, 2, 3, 4, 5, null }, spec.Select(f => f.ProtoNumber));
        Assert.True(spec[0].OmitEmpty);
        Assert.False(spec[0].IsPointer);
        Assert.True(spec[1].IsPointer);
        Assert.True(spec[2].Inline);
        Assert.Equal("Webhooks", spec[3].ProtoName);
        Assert.True(spec[3].IsSlice);
        Assert.Equal(13, spec[1].Line);
    }

    [Fact]
    public void Embedded_type_meta_without_a_protobuf_tag_is_inline_and_off_the_wire()
    {
        var widget = GoPackage.FromLines("types.go", Source).Structs["Widget"];

        var typeMeta = widget.Fields[0];
        Assert.Equal(("metav1.TypeMeta", true, (int?)null), (typeMeta.GoType, typeMeta.Inline, typeMeta.ProtoNumber));
        Assert.Equal(("metadata", 1), (widget.Fields[1].JsonName, widget.Fields[1].ProtoNumber));
    }

    [Fact]
    public void Empty_structs_and_named_slices_are_known()
    {
        var package = GoPackage.FromLines("types.go", Source);

        Assert.Empty(package.Structs["Empty"].Fields);
        Assert.Equal("string", package.NamedSlices["Verbs"]);
    }

    [Fact]
    public void A_field_line_that_cannot_be_read_fails_with_file_and_line()
    {
        var e = Assert.Throws<ProtoException>(() => GoPackage.FromLines("types.go", new[]
        {
            "type A struct {",
            "\tX, Y string `json:\"x\" protobuf:\"bytes,1,opt,name=x\"`",
            "}",
        }));

        Assert.StartsWith("types.go:2: ", e.Message);
    }

    [Fact]
    public void A_protobuf_tag_without_a_number_is_refused()
    {
        var e = Assert.Throws<ProtoException>(() => GoPackage.FromLines("types.go", new[]
        {
            "type A struct {",
            "\tX string `json:\"x\" protobuf:\"bytes\"`",
            "}",
        }));

        Assert.Contains("without a field number", e.Message);
    }
}
