using System;
using System.Collections.Generic;
using System.Text.Json;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Serialization.Protobuf;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Serialization;

/// <summary>The generated readers and writers on hand-made messages that stress one rule each.</summary>
public sealed class ProtobufModelTests
{
    private const uint Field1 = 1 << 3 | 2;
    private const uint Field2 = 2 << 3 | 2;

    private static byte[] Message(Action<ProtobufWriter> write)
    {
        using var writer = new ProtobufWriter();
        write(writer);
        return writer.ToArray();
    }

    private static void Nested(ProtobufWriter writer, uint tag, Action<ProtobufWriter> write)
    {
        int mark = writer.BeginMessage(tag);
        write(writer);
        writer.EndMessage(mark);
    }

    private static ConfigMap ReadConfigMap(byte[] bytes)
    {
        var reader = new ProtobufReader(bytes);
        return ConfigMap.ReadProtobuf(ref reader);
    }

    private static byte[] Write<T>(T value, Action<ProtobufWriter, T> write)
    {
        using var writer = new ProtobufWriter();
        write(writer, value);
        return writer.ToArray();
    }

    [Fact]
    public void Unknown_fields_are_kept_and_written_back_after_the_known_ones()
    {
        byte[] future = Message(w =>
        {
            w.WriteInt64(15 << 3, 7);
            w.WriteString(16 << 3 | 2, "from a newer server");
        });
        byte[] wire = Message(w =>
        {
            Nested(w, Field1, m => m.WriteString(Field1, "a"));
            w.WriteInt64(15 << 3, 7);
            Nested(w, Field2, e =>
            {
                e.WriteString(Field1, "k");
                e.WriteString(Field2, "v");
            });
            w.WriteString(16 << 3 | 2, "from a newer server");
        });

        var cm = ReadConfigMap(wire);
        byte[] written = Write(cm, ConfigMap.WriteProtobuf);

        Assert.Equal("a", cm.Metadata!.Name);
        Assert.Equal("v", cm.Data!["k"]);
        Assert.Equal(future, cm.ProtobufUnknownFields);
        Assert.Equal(future, written[^future.Length..]);
        Assert.Equal(future, ReadConfigMap(written).ProtobufUnknownFields);
    }

    [Fact]
    public void Unknown_fields_inside_an_inlined_part_come_back_in_that_part()
    {
        // Volume {name = 1, volumeSource = 2 {emptyDir = 2 {medium = 1}, 99: "future"}}
        byte[] wire = Message(w =>
        {
            w.WriteString(Field1, "scratch");
            Nested(w, Field2, source =>
            {
                Nested(source, Field2, emptyDir => emptyDir.WriteString(Field1, "Memory"));
                source.WriteString(99 << 3 | 2, "future");
            });
        });
        var reader = new ProtobufReader(wire);

        var volume = Volume.ReadProtobuf(ref reader);
        byte[] written = Write(volume, Volume.WriteProtobuf);
        var again = new ProtobufReader(written);
        var reread = Volume.ReadProtobuf(ref again);

        Assert.Equal("Memory", volume.EmptyDir!.Medium);
        // Kept on the volume as a second volumeSource holding just the unknown field: protobuf merges the two.
        var part = new ProtobufReader(volume.ProtobufUnknownFields);
        Assert.Equal(Field2, part.ReadTag());
        var inner = part.ReadMessage();
        Assert.Equal(99u << 3 | 2, inner.ReadTag());
        Assert.Equal("future", inner.ReadString());
        Assert.Equal("Memory", reread.EmptyDir!.Medium);
        Assert.Equal(volume.ProtobufUnknownFields, reread.ProtobufUnknownFields);
    }

    [Fact]
    public void A_message_field_met_twice_is_merged_as_protobuf_requires()
    {
        byte[] wire = Message(w =>
        {
            Nested(w, Field1, m => m.WriteString(Field1, "a"));
            Nested(w, Field1, m => m.WriteString(3 << 3 | 2, "ns"));
        });

        var cm = ReadConfigMap(wire);

        Assert.Equal(("a", "ns"), (cm.Metadata!.Name, cm.Metadata.Namespace));
    }

    [Fact]
    public void Repeated_scalars_are_read_packed_as_well_as_unpacked()
    {
        // PodSecurityContext.supplementalGroups = 4 (int64): 1 and 2 unpacked, then 3 and 300 packed.
        byte[] wire = Message(w =>
        {
            w.WriteInt64(4 << 3, 1);
            w.WriteInt64(4 << 3, 2);
            Nested(w, 4 << 3 | 2, p =>
            {
                p.WriteVarint(3);
                p.WriteVarint(300);
            });
        });
        var reader = new ProtobufReader(wire);

        var context = PodSecurityContext.ReadProtobuf(ref reader);

        Assert.Equal(new long[] { 1, 2, 3, 300 }, context.SupplementalGroups);
    }

    [Fact]
    public void A_wrong_wire_type_for_a_known_field_is_kept_as_unknown_rather_than_misread()
    {
        byte[] wire = Message(w => w.WriteInt64(1 << 3, 5));

        var cm = ReadConfigMap(wire);

        Assert.Null(cm.Metadata);
        Assert.Equal(wire, cm.ProtobufUnknownFields);
    }

    [Fact]
    public void Time_is_whole_seconds_and_go_zero_time_is_null()
    {
        // ObjectMeta.creationTimestamp = 8 {seconds = 1, nanos = 2}; deletionTimestamp = 9 (Go's zero time).
        byte[] wire = Message(w =>
        {
            Nested(w, 8 << 3 | 2, t =>
            {
                t.WriteInt64(1 << 3, 1_610_544_000);
                t.WriteInt32(2 << 3, 999_999_999);
            });
            Nested(w, 9 << 3 | 2, t => t.WriteInt64(1 << 3, -62_135_596_800));
        });
        var reader = new ProtobufReader(wire);

        var meta = ObjectMeta.ReadProtobuf(ref reader);

        Assert.Equal(DateTimeOffset.Parse("2021-01-13T13:20:00Z"), meta.CreationTimestamp);
        Assert.Null(meta.DeletionTimestamp);
    }

    [Fact]
    public void MicroTime_keeps_microseconds_as_its_json_form_does()
    {
        // Lease spec renewTime = 4 {seconds, nanos = 123456789}.
        byte[] wire = Message(w => Nested(w, 4 << 3 | 2, t =>
        {
            t.WriteInt64(1 << 3, 1_610_544_000);
            t.WriteInt32(2 << 3, 123_456_789);
        }));
        var reader = new ProtobufReader(wire);

        var spec = Kube.Client.Models.CoordinationV1.LeaseSpec.ReadProtobuf(ref reader);
        byte[] written = Write(spec, Kube.Client.Models.CoordinationV1.LeaseSpec.WriteProtobuf);

        Assert.Equal(DateTimeOffset.Parse("2021-01-13T13:20:00.123456Z"), spec.RenewTime);
        Assert.Contains("2021-01-13T13:20:00.123456Z", Json.Write(spec));
        var back = new ProtobufReader(written);
        Assert.Equal(spec.RenewTime, Kube.Client.Models.CoordinationV1.LeaseSpec.ReadProtobuf(ref back).RenewTime);
    }

    [Fact]
    public void A_raw_extension_holding_json_becomes_that_json()
    {
        var revision = new ControllerRevision { Revision = 1, Data = JsonDocument.Parse("{\"spec\":{\"n\":1.5}}").RootElement.Clone() };

        var back = KubeProtobufContext.AppsV1ControllerRevision.Decode(KubeProtobufContext.AppsV1ControllerRevision.Encode(revision));

        Assert.Equal("{\"spec\":{\"n\":1.5}}", back.Data!.Value.GetRawText());
    }

    [Fact]
    public void A_raw_extension_holding_a_protobuf_object_becomes_that_objects_json()
    {
        byte[] embedded = KubeProtobufContext.CoreV1ConfigMap.Encode(new ConfigMap { Metadata = new ObjectMeta { Name = "inner" }, Data = new() { ["k"] = "v" } });
        // ControllerRevision {metadata = 1 {}, data = 2 {raw = 1}, revision = 3}
        byte[] wire = Message(w =>
        {
            Nested(w, Field1, _ => { });
            Nested(w, Field2, raw => raw.WriteBytes(Field1, embedded));
            w.WriteInt64(3 << 3, 2);
        });
        var reader = new ProtobufReader(wire);

        var revision = ControllerRevision.ReadProtobuf(ref reader);

        var data = revision.Data!.Value;
        Assert.Equal("ConfigMap", data.GetProperty("kind").GetString());
        Assert.Equal("inner", data.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("v", data.GetProperty("data").GetProperty("k").GetString());
    }

    [Fact]
    public void A_raw_extension_holding_neither_json_nor_protobuf_is_an_error_naming_its_size()
    {
        byte[] wire = Message(w => Nested(w, Field2, raw => raw.WriteBytes(Field1, new byte[] { 0xFF, 0x00, 0x01 })));

        var e = Assert.Throws<ProtobufException>(() =>
        {
            var reader = new ProtobufReader(wire);
            ControllerRevision.ReadProtobuf(ref reader);
        });

        Assert.Contains("raw field of 3 bytes holds neither JSON nor a protobuf envelope", e.Message);
    }

    [Fact]
    public void IntOrString_keeps_which_of_the_two_it_was()
    {
        var port = new ServicePort { Port = 80, TargetPort = "http" };
        var numbered = new ServicePort { Port = 81, TargetPort = 8080 };

        var backNamed = Decode(Write(port, ServicePort.WriteProtobuf), ServicePort.ReadProtobuf);
        var backNumbered = Decode(Write(numbered, ServicePort.WriteProtobuf), ServicePort.ReadProtobuf);

        Assert.Equal(IntOrString.FromString("http"), backNamed.TargetPort);
        Assert.Equal(IntOrString.FromInt(8080), backNumbered.TargetPort);
    }

    [Fact]
    public void An_invalid_quantity_on_the_wire_is_an_error_naming_it()
    {
        // ResourceRequirements.limits = 1: entry {key "cpu", value = Quantity {string = "lots"}}
        byte[] wire = Message(w => Nested(w, Field1, e =>
        {
            e.WriteString(Field1, "cpu");
            Nested(e, Field2, q => q.WriteString(Field1, "lots"));
        }));

        var e = Assert.Throws<ProtobufException>(() => Decode(wire, ResourceRequirements.ReadProtobuf));

        Assert.Contains("\"lots\"", e.Message);
    }

    [Fact]
    public void A_list_without_items_reads_as_an_empty_list_as_the_servers_json_says()
    {
        var list = KubeProtobufContext.CoreV1PodList.Decode(KubeProtobufContext.CoreV1PodList.Encode(new PodList { Metadata = new ListMeta() }));

        Assert.NotNull(list.Items);
        Assert.Empty(list.Items!);
    }

    [Fact]
    public void Null_non_pointer_fields_are_written_as_go_writes_their_zero_values()
    {
        // Container.name (no pointer) is always written; Container.tty (a plain bool with omitempty) too; workingDir as "".
        byte[] written = Write(new Container(), Container.WriteProtobuf);
        var reader = new ProtobufReader(written);
        var tags = new List<uint>();
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            tags.Add(tag);
            reader.SkipField(tag);
        }

        Assert.Contains(1u << 3 | 2, tags);   // name
        Assert.Contains(5u << 3 | 2, tags);   // workingDir
        Assert.Contains(18u << 3, tags);      // tty
        Assert.DoesNotContain(10u << 3 | 2, tags); // livenessProbe is a pointer: left out when null
        var back = Decode(written, Container.ReadProtobuf);
        // A Go struct field (resources) is always on the wire: the zero struct reads as {}, as Go's JSON writes it.
        ModelJson.AssertSame(new Container { Name = "", Resources = new ResourceRequirements() }, back);
    }

    private static T Decode<T>(byte[] wire, ProtobufMessageReader<T> read)
    {
        var reader = new ProtobufReader(wire);
        return read(ref reader);
    }
}
