using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Serialization.Protobuf;
using Xunit;

namespace Kube.Client.Tests.Serialization;

public sealed class ProtobufWriterTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Varints_are_written_in_groups_of_seven_bits(ulong value, byte[] expected)
    {
        using var writer = new ProtobufWriter();

        writer.WriteVarint(value);

        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void A_negative_int32_takes_ten_bytes_as_protobuf_requires()
    {
        using var writer = new ProtobufWriter();

        writer.WriteInt32(0x08, -2);

        Assert.Equal(new byte[] { 0x08, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, writer.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(70_000)]
    public void A_nested_message_gets_the_length_it_turns_out_to_have(int size)
    {
        using var writer = new ProtobufWriter(16);
        writer.WriteBool(0x08, true);
        int mark = writer.BeginMessage(0x12);
        writer.WriteRaw(Enumerable.Repeat((byte)0x5A, size).ToArray());
        writer.EndMessage(mark);
        writer.WriteBool(0x18, false);

        var reader = new ProtobufReader(writer.WrittenSpan);
        Assert.Equal(0x08u, reader.ReadTag());
        Assert.True(reader.ReadBool());
        Assert.Equal(0x12u, reader.ReadTag());
        var inner = reader.ReadLengthDelimited();
        Assert.Equal(size, inner.Length);
        Assert.True(inner.ToArray().All(b => b == 0x5A));
        Assert.Equal(0x18u, reader.ReadTag());
        Assert.False(reader.ReadBool());
        Assert.True(reader.End);
    }

    [Fact]
    public void Messages_nested_in_messages_that_grow_past_one_length_byte_stay_well_formed()
    {
        using var writer = new ProtobufWriter(16);
        int outer = writer.BeginMessage(0x0A);
        for (int i = 0; i < 50; i++)
        {
            int inner = writer.BeginMessage(0x0A);
            writer.WriteString(0x0A, new string('x', i * 7));
            writer.EndMessage(inner);
        }
        writer.EndMessage(outer);

        var reader = new ProtobufReader(writer.WrittenSpan);
        reader.ReadTag();
        var list = reader.ReadMessage();
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(0x0Au, list.ReadTag());
            var item = list.ReadMessage();
            item.ReadTag();
            Assert.Equal(new string('x', i * 7), item.ReadString());
        }
        Assert.True(list.End);
    }

    [Fact]
    public void Strings_are_written_as_utf8_with_their_byte_length()
    {
        using var writer = new ProtobufWriter();

        writer.WriteString(0x0A, "é😀");

        Assert.Equal(new byte[] { 0x0A, 0x06, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80 }, writer.ToArray());
    }

    [Fact]
    public void Map_entries_are_written_in_go_key_order_whatever_the_insertion_order()
    {
        var map = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["B"] = "3", ["\uE000"] = "4", ["😀"] = "5" };
        using var writer = new ProtobufWriter();

        writer.WriteStringMap(0x0A, map);

        var keys = new List<string>();
        var reader = new ProtobufReader(writer.WrittenSpan);
        while (reader.ReadTag() != 0)
        {
            var entry = reader.ReadMessage();
            entry.ReadTag();
            keys.Add(entry.ReadString());
        }
        // UTF-8 byte order: B (0x42) < a < b < U+E000 (EE 80 80) < U+1F600 (F0 ...); UTF-16 ordinal would put the emoji first.
        Assert.Equal(new[] { "B", "a", "b", "\uE000", "😀" }, keys);
    }

    [Fact]
    public void A_null_bytes_value_leaves_the_value_out_of_its_entry()
    {
        using var writer = new ProtobufWriter();

        writer.WriteBytesMap(0x0A, new Dictionary<string, byte[]> { ["k"] = null! });

        Assert.Equal(new byte[] { 0x0A, 0x03, 0x0A, 0x01, (byte)'k' }, writer.ToArray());
    }

    [Fact]
    public void A_disposed_writer_returns_its_buffer_and_refuses_to_write()
    {
        var writer = new ProtobufWriter();
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.WriteRaw(new byte[32]));
    }
}
