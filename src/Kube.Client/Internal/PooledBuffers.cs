using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Internal;

/// <summary>The buffer work the streaming readers (lists, watch frames, whole bodies) share: growing a pooled buffer and reading into its free end.</summary>
internal static class PooledBuffers
{
    /// <summary>
    /// Replaces <paramref name="buffer"/> with one from the shared pool twice its size, holding its bytes
    /// from <paramref name="start"/> to <paramref name="end"/> at the front, and returns the old one to the pool.
    /// </summary>
    public static void Grow(ref byte[] buffer, int start, int end)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        Buffer.BlockCopy(buffer, start, bigger, 0, end - start);
        Return(buffer);
        buffer = bigger;
    }

    /// <summary>Larger buffers than this go back to the garbage collector, not to the shared pool.</summary>
    public const int MaxPooledLength = 1024 * 1024;

    /// <summary>
    /// Gives a rented buffer back: to the shared pool up to <see cref="MaxPooledLength"/>, to the garbage
    /// collector above. The shared pool keeps what it is given for as long as nothing rents it again, so
    /// the buffer that grew to one large body (tens of MB) would stay held for the life of the process.
    /// </summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledLength) ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Reads what the stream has into <paramref name="buffer"/> after <paramref name="end"/>; 0 at the end of the stream.</summary>
    public static ValueTask<int> ReadAsync(Stream stream, byte[] buffer, int end, CancellationToken cancellationToken) =>
#if NET8_0_OR_GREATER
        stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
#else
        new(stream.ReadAsync(buffer, end, buffer.Length - end, cancellationToken));
#endif
}
