using System;
using System.Collections.Generic;
using Kube.Client.Serialization.Protobuf;
using Xunit;

namespace Kube.Client.Tests.Serialization;

public sealed class ProtobufReaderTests
{
    private static byte[] Bytes(params int[] values) => Array.ConvertAll(values, v => (byte)v);

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0UL)]
    [InlineData(new byte[] { 0x7F }, 127UL)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128UL)]
    [InlineData(new byte[] { 0xAC, 0x02 }, 300UL)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, ulong.MaxValue)]
    public void Varints_decode_little_endian_groups_of_seven_bits(byte[] wire, ulong expected)
    {
        var reader = new ProtobufReader(wire);

        Assert.Equal(expected, reader.ReadVarint());
        Assert.True(reader.End);
    }

    [Fact]
    public void A_negative_int32_is_read_from_ten_sign_extended_bytes()
    {
        var reader = new ProtobufReader(Bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));

        Assert.Equal(-1, reader.ReadInt32());
    }

    [Fact]
    public void A_truncated_varint_names_its_offset()
    {
        var e = Assert.Throws<ProtobufException>(() =>
        {
            var reader = new ProtobufReader(Bytes(0x08, 0x80, 0x80));
            reader.ReadTag();
            reader.ReadVarint();
        });

        Assert.Contains("byte 1", e.Message);
        Assert.Contains("cut off", e.Message);
    }

    [Fact]
    public void A_varint_longer_than_ten_bytes_is_refused()
    {
        var wire = new byte[11];
        Array.Fill(wire, (byte)0x80);

        var e = Assert.Throws<ProtobufException>(() => new ProtobufReader(wire).ReadVarint());

        Assert.Contains("longer than 10 bytes", e.Message);
    }

    [Fact]
    public void A_length_past_the_end_is_refused()
    {
        var e = Assert.Throws<ProtobufException>(() => ReadString(Bytes(0x0A, 0x05, (byte)'a', (byte)'b')));

        Assert.Contains("length of 5 bytes where only 2 remain", e.Message);
    }

    [Fact]
    public void Field_number_zero_is_malformed()
    {
        Assert.Throws<ProtobufException>(() => new ProtobufReader(Bytes(0x02, 0x00)).ReadTag());
    }

    [Fact]
    public void Strings_are_utf8()
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes("é中😀");
        var wire = new List<byte> { 0x0A, (byte)text.Length };
        wire.AddRange(text);

        Assert.Equal("é中😀", ReadString(wire.ToArray()));
    }

    [Fact]
    public void Every_wire_type_can_be_skipped_and_the_next_field_is_still_read()
    {
        var wire = Bytes(
            0x08, 0x96, 0x01,                                   // 1: varint 150
            0x11, 1, 2, 3, 4, 5, 6, 7, 8,                       // 2: fixed64
            0x1A, 0x02, 0x68, 0x69,                             // 3: length-delimited "hi"
            0x25, 1, 2, 3, 4,                                   // 4: fixed32
            0x2B, 0x08, 0x01, 0x2C,                             // 5: group holding field 1 = 1
            0x32, 0x02, (byte)'o', (byte)'k');                  // 6: "ok"
        var reader = new ProtobufReader(wire);
        for (int i = 0; i < 5; i++) reader.SkipField(reader.ReadTag());

        Assert.Equal(0x32u, reader.ReadTag());
        Assert.Equal("ok", reader.ReadString());
        Assert.Equal(0u, reader.ReadTag());
    }

    [Fact]
    public void An_end_group_without_a_start_is_malformed()
    {
        Assert.Throws<ProtobufException>(() =>
        {
            var reader = new ProtobufReader(Bytes(0x0C));
            reader.SkipField(reader.ReadTag());
        });
    }

    [Fact]
    public void Skipping_an_unknown_field_keeps_its_bytes_tag_included()
    {
        var wire = Bytes(0x08, 0x01, 0xF8, 0x06, 0x2A, 0x1A, 0x01, 0x7A);
        var reader = new ProtobufReader(wire);
        byte[]? unknown = null;

        reader.SkipUnknown(reader.ReadTag(), ref unknown);
        reader.SkipUnknown(reader.ReadTag(), ref unknown);
        reader.SkipUnknown(reader.ReadTag(), ref unknown);

        Assert.Equal(wire, unknown);
    }

    [Fact]
    public void Nested_messages_are_read_through_a_reader_of_their_own()
    {
        var reader = new ProtobufReader(Bytes(0x0A, 0x04, 0x08, 0x07, 0x10, 0x01, 0x10, 0x09));

        Assert.Equal(0x0Au, reader.ReadTag());
        var inner = reader.ReadMessage();
        Assert.Equal(0x08u, inner.ReadTag());
        Assert.Equal(7, inner.ReadInt32());
        Assert.Equal(0x10u, inner.ReadTag());
        Assert.True(inner.ReadBool());
        Assert.Equal(0u, inner.ReadTag());
        Assert.Equal(0x10u, reader.ReadTag());
        Assert.Equal(9, reader.ReadInt32());
    }

    [Fact]
    public void Messages_nested_beyond_the_depth_limit_are_refused()
    {
        // Field 1 holding a message holding field 1 ... 600 levels deep.
        var wire = new List<byte>();
        for (int i = 0; i < 600; i++)
        {
            var level = new List<byte> { 0x0A };
            int length = wire.Count;
            while (length >= 0x80)
            {
                level.Add((byte)(length | 0x80));
                length >>= 7;
            }
            level.Add((byte)length);
            level.AddRange(wire);
            wire = level;
        }

        var e = Assert.Throws<ProtobufException>(() => Descend(wire.ToArray()));

        Assert.Contains($"deeper than {ProtobufReader.MaxDepth}", e.Message);
    }

    [Fact]
    public void Packed_repeated_values_are_read_all()
    {
        var reader = new ProtobufReader(Bytes(0x0A, 0x05, 0x01, 0x96, 0x01, 0x7F, 0x00));
        var values = new List<int>();

        reader.ReadTag();
        reader.ReadPackedInt32(values);

        Assert.Equal(new[] { 1, 150, 127, 0 }, values);
    }

    [Fact]
    public void Doubles_are_eight_bytes_little_endian()
    {
        var wire = new byte[9];
        wire[0] = 0x09;
        BitConverter.TryWriteBytes(wire.AsSpan(1), 1.5);
        var reader = new ProtobufReader(wire);
        reader.ReadTag();

        Assert.Equal(1.5, reader.ReadDouble());
    }

    private static string ReadString(byte[] wire)
    {
        var reader = new ProtobufReader(wire);
        reader.ReadTag();
        return reader.ReadString();
    }

    private static void Descend(byte[] wire)
    {
        var reader = new ProtobufReader(wire);
        Descend(ref reader);
    }

    private static void Descend(ref ProtobufReader reader)
    {
        if (reader.ReadTag() == 0) return;
        var inner = reader.ReadMessage();
        Descend(ref inner);
    }
}
