using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Internal;

/// <summary>Async file reads that work on netstandard2.0 too (which lacks File.ReadAllBytesAsync).</summary>
internal static class FileText
{
    public static async Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, System.IO.FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public static async Task<string> ReadAllTextAsync(string path, CancellationToken cancellationToken) =>
        Decode(await ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    public static string ReadAllText(string path) => Decode(File.ReadAllBytes(path));

    private static string Decode(byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
