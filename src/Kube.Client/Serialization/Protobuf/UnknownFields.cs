using System;

namespace Kube.Client.Serialization.Protobuf;

/// <summary>
/// The raw bytes of fields a generated reader did not know (a newer server's additions), kept per
/// object so the writer can send them back: an update through protobuf then loses nothing.
/// </summary>
internal static class UnknownFields
{
    public static byte[] Append(byte[]? existing, ReadOnlySpan<byte> field)
    {
        if (existing is null) return field.ToArray();
        var joined = new byte[existing.Length + field.Length];
        Buffer.BlockCopy(existing, 0, joined, 0, existing.Length);
        field.CopyTo(joined.AsSpan(existing.Length));
        return joined;
    }

    /// <summary>
    /// Unknown fields met inside an inlined part (Volume's volumeSource) are kept on the outer object
    /// as one more occurrence of the part's field holding just them: protobuf merges repeated
    /// occurrences of a message field, so the server reads the part whole again.
    /// </summary>
    public static byte[] AppendAsMessage(byte[]? existing, uint tag, byte[] fields)
    {
        using var writer = new ProtobufWriter(fields.Length + 16);
        int start = writer.BeginMessage(tag);
        writer.WriteRaw(fields);
        writer.EndMessage(start);
        return Append(existing, writer.WrittenSpan);
    }
}
