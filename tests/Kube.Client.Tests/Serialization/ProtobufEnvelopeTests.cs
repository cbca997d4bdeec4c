using System;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Serialization.Protobuf;
using Xunit;

namespace Kube.Client.Tests.Serialization;

public sealed class ProtobufEnvelopeTests
{
    [Fact]
    public void An_encoded_object_starts_with_the_magic_and_names_its_kind()
    {
        var cm = new ConfigMap { Metadata = new ObjectMeta { Name = "a" } };

        byte[] bytes = KubeProtobufContext.CoreV1ConfigMap.Encode(cm);
        var envelope = ProtobufEnvelope.Read(bytes);

        Assert.Equal("k8s\0"u8.ToArray(), bytes[..4]);
        Assert.Equal("v1", envelope.ApiVersion);
        Assert.Equal("ConfigMap", envelope.Kind);
        Assert.Equal("", envelope.ContentType);
        Assert.Equal("", envelope.ContentEncoding);
    }

    [Fact]
    public void Decoding_copies_apiVersion_and_kind_from_the_envelope_onto_the_object()
    {
        byte[] bytes = KubeProtobufContext.CoreV1ConfigMap.Encode(new ConfigMap { Metadata = new ObjectMeta { Name = "a" } });

        var decoded = KubeProtobufContext.CoreV1ConfigMap.Decode(bytes);

        Assert.Equal(("v1", "ConfigMap", "a"), (decoded.ApiVersion, decoded.Kind, decoded.Metadata!.Name));
    }

    [Fact]
    public void The_object_names_its_own_apiVersion_and_kind_when_it_has_them()
    {
        var options = new DeleteOptions { ApiVersion = "apps/v1", Kind = "DeleteOptions", GracePeriodSeconds = 5 };

        var envelope = ProtobufEnvelope.Read(KubeProtobufContext.MetaV1DeleteOptions.Encode(options));

        Assert.Equal(("apps/v1", "DeleteOptions"), (envelope.ApiVersion, envelope.Kind));
    }

    [Fact]
    public void A_type_of_many_kinds_without_apiVersion_and_kind_cannot_be_encoded()
    {
        var e = Assert.Throws<ArgumentException>(() => KubeProtobufContext.MetaV1DeleteOptions.Encode(new DeleteOptions()));

        Assert.Contains("needs apiVersion and kind", e.Message);
    }

    [Fact]
    public void Bytes_without_the_magic_are_refused_saying_what_they_start_with()
    {
        var e = Assert.Throws<ProtobufException>(() => KubeProtobufContext.CoreV1Pod.Decode("{\"kind\":\"Pod\"}"u8));

        Assert.Contains("k8s\\0", e.Message);
        Assert.Contains("7b 22 6b 69", e.Message);
    }

    [Fact]
    public void An_envelope_of_another_kind_is_refused()
    {
        byte[] bytes = KubeProtobufContext.CoreV1ConfigMap.Encode(new ConfigMap());

        var e = Assert.Throws<ProtobufException>(() => KubeProtobufContext.CoreV1Secret.Decode(bytes));

        Assert.Contains("Expected a Secret (v1), found a v1 ConfigMap", e.Message);
    }

    [Fact]
    public void A_content_encoding_is_refused_rather_than_misread()
    {
        using var writer = new ProtobufWriter();
        writer.WriteRaw("k8s\0"u8);
        writer.WriteString(3 << 3 | 2, "gzip");

        var e = Assert.Throws<ProtobufException>(() => ProtobufEnvelope.Read(writer.WrittenSpan));

        Assert.Contains("content encoding \"gzip\"", e.Message);
    }

    [Fact]
    public void The_envelope_layout_is_the_api_servers()
    {
        // typeMeta {apiVersion "v1", kind "Status"}, raw {}, contentEncoding "", contentType "".
        byte[] expected = { (byte)'k', (byte)'8', (byte)'s', 0, 0x0A, 0x0C, 0x0A, 0x02, (byte)'v', (byte)'1', 0x12, 0x06, (byte)'S', (byte)'t', (byte)'a', (byte)'t', (byte)'u', (byte)'s', 0x12, 0x00, 0x1A, 0x00, 0x22, 0x00 };
        using var writer = new ProtobufWriter();

        ProtobufEnvelope.Write(writer, "v1", "Status", 0, static (_, _) => { });

        Assert.Equal(expected, writer.ToArray());
    }
}
