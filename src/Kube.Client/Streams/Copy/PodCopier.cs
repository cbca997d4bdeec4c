using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Streams.Channels;
using Kube.Client.Streams.RemoteCommand;

namespace Kube.Client.Streams.Copy;

/// <summary>
/// Copies files and directories into and out of a container as kubectl cp does: a tar stream
/// through exec (<c>tar cf -</c> out, <c>tar -xmf -</c> in), so the image needs tar. Files
/// stream through; none is held whole.
/// <list type="bullet">
/// <item>Out of a container, the remote item takes the local path as its name (kubectl's rule);
/// a single file copied onto an existing local directory goes inside it. Members that would land
/// outside the destination, links and special files are skipped and reported.</item>
/// <item>Into a container, a destination that is an existing directory receives the item under
/// its own name. Over <c>v4.channel.k8s.io</c>, which cannot close stdin, the archive's exact
/// length is sent ahead and the container runs <c>head -c N | tar -xmf -</c> through <c>sh</c>,
/// so that tar sees the end of its input; such images also need sh and head.</item>
/// </list>
/// </summary>
public sealed class PodCopier
{
    private readonly RestClient _rest;
    private readonly string _namespace;

    public PodCopier(RestClient rest, string @namespace)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        if (string.IsNullOrEmpty(@namespace)) throw new ArgumentException("A copy needs the pod's namespace.", nameof(@namespace));
        _namespace = @namespace;
    }

    /// <summary>Copies <paramref name="remotePath"/> of the container to <paramref name="localPath"/>.</summary>
    /// <param name="warn">Receives what was skipped and why.</param>
    /// <param name="progress">Receives the running count of bytes written.</param>
    /// <exception cref="PodCopyException">tar failed in the container (a missing path, say).</exception>
    public async Task<CopyResult> CopyFromPodAsync(string pod, string? container, string remotePath, string localPath,
        Action<string>? warn = null, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(remotePath)) throw new ArgumentException("The remote path may not be empty.", nameof(remotePath));
        if (string.IsNullOrEmpty(localPath)) throw new ArgumentException("The local path may not be empty.", nameof(localPath));
        string source = $"{_namespace}/{pod}:{remotePath}";
        string root = Path.GetFullPath(localPath);
        string prefix = PosixPath.StripShortcuts(remotePath.TrimStart('/'));

        await using var session = await OpenTarAsync(pod, container, new[] { "tar", "cf", "-", remotePath }, stdin: false, source, cancellationToken).ConfigureAwait(false);
        using var output = new RemoteStdoutStream(session, cancellationToken);
        var reader = new TarReader(output);
        int files = 0, directories = 0, skipped = 0;
        long bytes = 0;
        bool first = true;
        var buffer = new byte[64 * 1024];
        Exception? readFailure = null;
        try
        {
            TarEntry? entry;
            while ((entry = await reader.NextAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (!entry.Name.StartsWith(prefix, StringComparison.Ordinal))
                    throw new TarFormatException($"The archive from {source} holds \"{entry.Name}\", which is not under {remotePath}: the tar stream was tampered with.");
                string relative = entry.Name.Substring(prefix.Length).Trim('/');
                string destination = relative.Length == 0 ? root : Path.Combine(root, Path.Combine(relative.Split('/')));
                // cp's rule for one file onto an existing directory: it goes inside.
                if (first && relative.Length == 0 && entry.Type == TarEntryType.File && Directory.Exists(root))
                    destination = Path.Combine(root, PosixPath.FileName(remotePath));
                first = false;
                string full = Path.GetFullPath(destination);
                if (!IsInside(root, full))
                {
                    warn?.Invoke($"skipped \"{entry.Name}\": it would land outside {localPath}");
                    skipped++;
                    continue;
                }
                switch (entry.Type)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(full);
                        directories++;
                        break;
                    case TarEntryType.File:
                        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                        await WriteFileAsync(reader, full, buffer, n =>
                        {
                            bytes += n;
                            progress?.Invoke(bytes);
                        }, cancellationToken).ConfigureAwait(false);
                        files++;
                        break;
                    case TarEntryType.SymbolicLink:
                        warn?.Invoke($"skipped symbolic link \"{entry.Name}\" -> \"{entry.LinkName}\"");
                        skipped++;
                        break;
                    default:
                        warn?.Invoke($"skipped \"{entry.Name}\": a {Describe(entry)} is not copied");
                        skipped++;
                        break;
                }
            }
        }
        catch (TarFormatException e)
        {
            // When tar failed half-way, its own words (the exit status) say more than the cut archive does.
            readFailure = e;
        }
        await output.DrainAsync().ConfigureAwait(false);
        await FinishAsync(session, output.Stderr, "read", source, cancellationToken, readFailure).ConfigureAwait(false);
        return new CopyResult(source, localPath, files, directories, bytes, skipped);
    }

    /// <summary>Copies the local file or directory <paramref name="localPath"/> to <paramref name="remotePath"/> in the container.</summary>
    /// <exception cref="FileNotFoundException">The local path does not exist.</exception>
    /// <exception cref="PodCopyException">tar failed in the container (no such directory, no space, read-only).</exception>
    public async Task<CopyResult> CopyToPodAsync(string pod, string? container, string localPath, string remotePath,
        Action<string>? warn = null, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(localPath)) throw new ArgumentException("The local path may not be empty.", nameof(localPath));
        if (string.IsNullOrEmpty(remotePath)) throw new ArgumentException("The remote path may not be empty.", nameof(remotePath));
        string local = Path.GetFullPath(localPath);
        if (local.Length > Path.GetPathRoot(local)!.Length) local = local.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        bool isDirectory = Directory.Exists(local);
        if (!isDirectory && !File.Exists(local)) throw new FileNotFoundException($"{localPath} does not exist.", localPath);

        string remote = remotePath != "/" && remotePath.EndsWith("/", StringComparison.Ordinal) ? remotePath.Substring(0, remotePath.Length - 1) : remotePath;
        // The first command settles the container (kubectl's default in a pod of several); tar then runs in the same one.
        var (remoteIsDirectory, protocol, resolved) = await TestDirectoryAsync(pod, container, remote, cancellationToken).ConfigureAwait(false);
        container = resolved;
        if (remoteIsDirectory) remote = (remote == "/" ? "" : remote) + "/" + Path.GetFileName(local);
        string destination = $"{_namespace}/{pod}:{remote}";
        string destinationDirectory = PosixPath.Directory(remote);
        string destinationName = PosixPath.FileName(remote);

        var plan = Plan(local, isDirectory, destinationName, warn, out int skipped);
        long length = plan.Sum(p => TarWriter.EntryLength(p.Name, p.LinkTarget, p.Size)) + TarWriter.EndLength;
        string[] command = protocol == ChannelProtocols.V5
            ? new[] { "tar", "-xmf", "-", "-C", destinationDirectory }
            : new[] { "sh", "-c", "head -c " + length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " | tar -xmf - -C \"$0\"", destinationDirectory };

        await using var session = await OpenTarAsync(pod, container, command, stdin: true, destination, cancellationToken).ConfigureAwait(false);
        using var output = new RemoteStdoutStream(session, cancellationToken);
        var draining = Task.Run(() => output.DrainAsync(), CancellationToken.None);
        int files = 0, directories = 0;
        long bytes = 0;
        Exception? writeFailure = null;
        try
        {
            using var stdin = new BufferedStream(new RemoteStdinStream(session), ChannelConnection.MaxMessagePayload);
            var writer = new TarWriter(stdin);
            foreach (var item in plan)
            {
                switch (item.Kind)
                {
                    case TarEntryType.Directory:
                        await writer.WriteDirectoryAsync(item.Name, item.Mode, item.Modified, cancellationToken).ConfigureAwait(false);
                        directories++;
                        break;
                    case TarEntryType.SymbolicLink:
                        await writer.WriteSymbolicLinkAsync(item.Name, item.LinkTarget!, item.Modified, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        using (var file = new FileStream(item.LocalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, useAsync: true))
                        {
                            await writer.WriteFileAsync(item.Name, item.Mode, item.Modified, item.Size, file, n =>
                            {
                                bytes += n;
                                progress?.Invoke(bytes);
                            }, cancellationToken).ConfigureAwait(false);
                        }
                        files++;
                        break;
                }
            }
            await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
            await session.CloseStdinAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteCommandException e)
        {
            // The command ended before it took all its input: its exit status says why.
            writeFailure = e;
        }
        await draining.ConfigureAwait(false);
        await FinishAsync(session, output.Stderr, "write", destination, cancellationToken, writeFailure).ConfigureAwait(false);
        return new CopyResult(localPath, destination, files, directories, bytes, skipped);
    }

    private async Task<RemoteCommandSession> OpenTarAsync(string pod, string? container, string[] command, bool stdin, string what, CancellationToken cancellationToken)
    {
        var options = new ExecOptions { Container = container, Stdin = stdin, Stdout = true, Stderr = true };
        foreach (var part in command) options.Command.Add(part);
        return await new RemoteCommandClient(_rest, _namespace).ExecAsync(pod, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(bool IsDirectory, string Protocol, string? Container)> TestDirectoryAsync(string pod, string? container, string remote, CancellationToken cancellationToken)
    {
        var options = new ExecOptions { Container = container, Command = { "test", "-d", remote } };
        await using var session = await new RemoteCommandClient(_rest, _namespace).ExecAsync(pod, options, cancellationToken).ConfigureAwait(false);
        await foreach (var _ in session.ReadOutputAsync(cancellationToken).ConfigureAwait(false)) { }
        try
        {
            return ((await session.Completion.ConfigureAwait(false)).ExitCode == 0, session.Protocol, session.Container);
        }
        catch (RemoteCommandException e) when (e.IsCommandNotFound)
        {
            // No test in the image: kubectl then takes the path as a file name too.
            return (false, session.Protocol, session.Container);
        }
    }

    private static async Task<RemoteCommandResult> FinishAsync(RemoteCommandSession session, string stderr, string verb, string what, CancellationToken cancellationToken, Exception? earlier = null)
    {
        RemoteCommandResult result;
        try
        {
            result = await session.Completion.ConfigureAwait(false);
        }
        catch (RemoteCommandException e) when (e.IsCommandNotFound)
        {
            string tool = session.Protocol == ChannelProtocols.V5 || verb == "read" ? "tar" : "sh, head and tar";
            throw new PodCopyException($"Cannot {verb} {what}: the container has no {tool}, which copying needs ({e.Status?.Message})", e.Status?.Message, null, e);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (result.ExitCode != 0)
        {
            string detail = stderr.Length > 0 ? stderr : $"tar exited with code {result.ExitCode}";
            throw new PodCopyException($"Cannot {verb} {what}: {detail}", stderr.Length > 0 ? stderr : null, result.ExitCode, earlier);
        }
        if (earlier is not null) throw earlier;
        return result;
    }

    private static async Task WriteFileAsync(TarReader reader, string path, byte[] buffer, Action<int> progress, CancellationToken cancellationToken)
    {
        bool done = false;
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        try
        {
            int n;
            while ((n = await reader.ReadDataAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
                progress(n);
            }
            done = true;
        }
        finally
        {
            file.Dispose();
            // A file cut short by a failure or Ctrl+C is not left behind as if it were whole.
            if (!done)
            {
                try { File.Delete(path); }
                catch (IOException) { }
            }
        }
    }

    private static bool IsInside(string root, string path)
    {
        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(root, path, comparison)) return true;
        string withSeparator = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(withSeparator, comparison);
    }

    private static string Describe(TarEntry entry) => entry.Type switch
    {
        TarEntryType.HardLink => "hard link",
        _ => entry.TypeFlag switch
        {
            '3' => "character device",
            '4' => "block device",
            '6' => "named pipe",
            _ => $"member of type '{entry.TypeFlag}'",
        },
    };

    /// <summary>One member to write: its name in the archive and where its data comes from.</summary>
    private sealed class PlannedEntry
    {
        public PlannedEntry(string name, TarEntryType kind, string localPath, long size, int mode, DateTimeOffset modified, string? linkTarget)
        {
            Name = name;
            Kind = kind;
            LocalPath = localPath;
            Size = size;
            Mode = mode;
            Modified = modified;
            LinkTarget = linkTarget;
        }

        public string Name { get; }
        public TarEntryType Kind { get; }
        public string LocalPath { get; }
        public long Size { get; }
        public int Mode { get; }
        public DateTimeOffset Modified { get; }
        public string? LinkTarget { get; }
    }

    /// <summary>The members for a local file or tree, directories before what they hold; sizes are taken now.</summary>
    private static List<PlannedEntry> Plan(string local, bool isDirectory, string name, Action<string>? warn, out int skipped)
    {
        var plan = new List<PlannedEntry>();
        int skippedCount = 0;
        void Add(FileSystemInfo info, string tarName)
        {
            var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
#if NET8_0_OR_GREATER
            if (info.LinkTarget is { } target)
            {
                plan.Add(new PlannedEntry(tarName, TarEntryType.SymbolicLink, info.FullName, 0, 0x1FF, modified, target.Replace('\\', '/')));
                return;
            }
#else
            if ((info.Attributes & FileAttributes.ReparsePoint) != 0 && info is DirectoryInfo)
            {
                warn?.Invoke($"skipped {info.FullName}: a linked directory is not followed");
                skippedCount++;
                return;
            }
#endif
            if (info is DirectoryInfo directory)
            {
                plan.Add(new PlannedEntry(tarName, TarEntryType.Directory, info.FullName, 0, ModeOf(info, 0x1ED), modified, null));
                foreach (var child in directory.EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal))
                    Add(child, tarName + "/" + child.Name);
            }
            else if (info is FileInfo file)
            {
                plan.Add(new PlannedEntry(tarName, TarEntryType.File, info.FullName, file.Length, ModeOf(info, 0x1A4), modified, null));
            }
        }
        Add(isDirectory ? new DirectoryInfo(local) : new FileInfo(local), name);
        skipped = skippedCount;
        return plan;
    }

    private static int ModeOf(FileSystemInfo info, int fallback)
    {
#if NET8_0_OR_GREATER
        if (!OperatingSystem.IsWindows()) return (int)info.UnixFileMode;
#endif
        return fallback;
    }
}
