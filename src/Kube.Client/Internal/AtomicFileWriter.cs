using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Internal;

/// <summary>
/// Replaces a file's content all at once: the text goes to a temporary file in the same folder,
/// which is then renamed over the target, so a reader never sees half a file and a failure leaves
/// the old one intact. Keeps the file's Unix permissions (new files get 0600, as kubeconfigs
/// hold credentials) and writes through a symbolic link rather than replacing it.
/// </summary>
internal static class AtomicFileWriter
{
    public static Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteAllBytesAsync(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), cancellationToken);

    public static async Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var target = ResolveLink(path);
        var directory = Path.GetDirectoryName(target);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var temp = Path.Combine(directory ?? "", "." + Path.GetFileName(target) + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        try
        {
            using (var stream = CreateTemp(temp, target))
            {
                await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            Replace(temp, target);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Takes kubectl's lock for <paramref name="path"/> (a <c>.lock</c> file beside it, created
    /// exclusively), waiting up to <paramref name="wait"/> for another writer to finish.
    /// </summary>
    public static async Task<IDisposable> LockAsync(string path, TimeSpan wait, CancellationToken cancellationToken)
    {
        var lockPath = path + ".lock";
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                var directory = Path.GetDirectoryName(lockPath);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }
                var stream = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                return new LockFile(stream, lockPath);
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new IOException(
                        $"{path} is locked by {lockPath}: another kubectl or Kube.PowerShell is writing it (delete the lock file if no one is)");
                }
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static string ResolveLink(string path)
    {
#if NET8_0_OR_GREATER
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.LinkTarget is not null)
            {
                return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
            }
        }
        catch (IOException)
        {
            return path;
        }
#endif
        return path;
    }

    private static FileStream CreateTemp(string temp, string target)
    {
#if NET8_0_OR_GREATER
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.Exists(target) ? File.GetUnixFileMode(target) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
            return new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                UnixCreateMode = mode,
            });
        }
#endif
        return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
    }

    private static void Replace(string temp, string target)
    {
#if NET8_0_OR_GREATER
        File.Move(temp, target, overwrite: true);
#else
        if (File.Exists(target))
        {
            File.Replace(temp, target, null);
        }
        else
        {
            File.Move(temp, target);
        }
#endif
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class LockFile : IDisposable
    {
        private readonly FileStream _stream;
        private readonly string _path;

        public LockFile(FileStream stream, string path)
        {
            _stream = stream;
            _path = path;
        }

        public void Dispose()
        {
            _stream.Dispose();
            TryDelete(_path);
        }
    }
}
