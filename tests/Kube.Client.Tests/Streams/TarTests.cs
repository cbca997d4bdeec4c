using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PosixPath = Kube.Client.Streams.Copy.PosixPath;
using TarFormatException = Kube.Client.Streams.Copy.TarFormatException;
using Xunit;
using OurTarReader = Kube.Client.Streams.Copy.TarReader;
using OurTarWriter = Kube.Client.Streams.Copy.TarWriter;
using OurTarEntryType = Kube.Client.Streams.Copy.TarEntryType;

namespace Kube.Client.Tests.Streams;

/// <summary>Our tar reader and writer (netstandard2.0 has no System.Formats.Tar) checked against the runtime's, which serves as the oracle here.</summary>
public sealed class TarTests
{
    private static readonly string LongName = string.Join("/", Enumerable.Repeat("a-rather-long-directory-name", 6)) + "/file.txt";

    [Theory]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.V7)]
    public async Task Reads_what_other_tars_write(TarEntryFormat format)
    {
        var archive = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(archive, format, leaveOpen: true))
        {
            writer.WriteEntry(Entry(format, TarEntryType.Directory, "dir/"));
            var file = Entry(format, TarEntryType.RegularFile, "dir/hello.txt");
            file.DataStream = new MemoryStream(Encoding.UTF8.GetBytes("hello\n"));
            writer.WriteEntry(file);
            if (format != TarEntryFormat.V7 && format != TarEntryFormat.Ustar)
            {
                var longFile = Entry(format, TarEntryType.RegularFile, LongName);
                longFile.DataStream = new MemoryStream(new byte[1000]);
                writer.WriteEntry(longFile);
            }
            var link = Entry(format, TarEntryType.SymbolicLink, "dir/link");
            link.LinkName = "hello.txt";
            writer.WriteEntry(link);
        }
        archive.Position = 0;

        var entries = await ReadAll(archive);

        Assert.Equal(("dir/", OurTarEntryType.Directory, ""), entries[0]);
        Assert.Equal(("dir/hello.txt", OurTarEntryType.File, "hello\n"), entries[1]);
        if (entries.Count == 4) Assert.Equal((LongName, OurTarEntryType.File, new string('\0', 1000)), entries[2]);
        Assert.Equal(("dir/link", OurTarEntryType.SymbolicLink, ""), entries[^1]);
    }

    [Fact]
    public async Task What_we_write_others_read_with_long_names_and_exact_lengths()
    {
        var archive = new MemoryStream();
        var writer = new OurTarWriter(archive);
        var modified = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var content = Enumerable.Range(0, 70000).Select(i => (byte)i).ToArray();
        await writer.WriteDirectoryAsync("top", 0x1ED, modified, CancellationToken.None);
        await writer.WriteFileAsync("top/data.bin", 0x1A4, modified, content.Length, new MemoryStream(content), null, CancellationToken.None);
        await writer.WriteFileAsync(LongName, 0x1A4, modified, 3, new MemoryStream("abc"u8.ToArray()), null, CancellationToken.None);
        await writer.WriteSymbolicLinkAsync("top/link", new string('t', 150), modified, CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);

        long expected = OurTarWriter.EntryLength("top/", null, 0) + OurTarWriter.EntryLength("top/data.bin", null, content.Length)
            + OurTarWriter.EntryLength(LongName, null, 3) + OurTarWriter.EntryLength("top/link", new string('t', 150), 0) + OurTarWriter.EndLength;
        Assert.Equal(expected, archive.Length);

        archive.Position = 0;
        using var reader = new System.Formats.Tar.TarReader(archive);
        var dir = reader.GetNextEntry()!;
        Assert.Equal(("top/", TarEntryType.Directory), (dir.Name, dir.EntryType));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, dir.Mode);
        var data = reader.GetNextEntry()!;
        Assert.Equal("top/data.bin", data.Name);
        Assert.Equal(modified, data.ModificationTime);
        var copy = new MemoryStream();
        data.DataStream!.CopyTo(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.Equal(LongName, reader.GetNextEntry()!.Name);
        var link = reader.GetNextEntry()!;
        Assert.Equal((TarEntryType.SymbolicLink, new string('t', 150)), (link.EntryType, link.LinkName));
        Assert.Null(reader.GetNextEntry());
    }

    [Fact]
    public async Task A_file_that_shrinks_while_it_is_written_is_an_error()
    {
        var writer = new OurTarWriter(new MemoryStream());

        var error = await Assert.ThrowsAsync<IOException>(() =>
            writer.WriteFileAsync("f", 0x1A4, DateTimeOffset.UtcNow, 10, new MemoryStream(new byte[4]), null, CancellationToken.None));

        Assert.Contains("changed while it was copied", error.Message);
    }

    [Fact]
    public async Task A_stream_that_is_not_tar_is_refused()
    {
        var junk = new MemoryStream(Encoding.ASCII.GetBytes(new string('x', 1024)));

        var error = await Assert.ThrowsAsync<TarFormatException>(() => new OurTarReader(junk).NextAsync(CancellationToken.None));

        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public async Task A_stream_cut_inside_a_member_is_refused()
    {
        var archive = new MemoryStream();
        var writer = new OurTarWriter(archive);
        await writer.WriteFileAsync("f", 0x1A4, DateTimeOffset.UtcNow, 2000, new MemoryStream(new byte[2000]), null, CancellationToken.None);
        var cut = new MemoryStream(archive.ToArray()[..1000]);

        var reader = new OurTarReader(cut);
        Assert.NotNull(await reader.NextAsync(CancellationToken.None));
        var buffer = new byte[4096];
        var error = await Assert.ThrowsAsync<TarFormatException>(async () =>
        {
            while (await reader.ReadDataAsync(buffer, 0, buffer.Length, CancellationToken.None) > 0) { }
        });
        Assert.Contains("still to come", error.Message);
    }

    [Theory]
    [InlineData("/tmp/foo", "/tmp/foo", "tmp/foo", "/tmp", "foo")]
    [InlineData("tmp//foo/", "tmp/foo", "tmp/foo", "tmp", "foo")]
    [InlineData("../../etc/passwd", "../../etc/passwd", "etc/passwd", "../../etc", "passwd")]
    [InlineData("/a/b/../c/.", "/a/c", "a/c", "/a", "c")]
    [InlineData(".", ".", "", ".", ".")]
    [InlineData("/", "/", "", "/", "/")]
    public void Container_paths_follow_kubectls_rules(string path, string clean, string stripped, string directory, string name)
    {
        Assert.Equal(clean, PosixPath.Clean(path));
        Assert.Equal(stripped, PosixPath.StripShortcuts(path));
        Assert.Equal(directory, PosixPath.Directory(path));
        Assert.Equal(name, PosixPath.FileName(path));
    }

    private static TarEntry Entry(TarEntryFormat format, TarEntryType type, string name) => format switch
    {
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        TarEntryFormat.Pax => new PaxTarEntry(type, name),
        _ => new V7TarEntry(type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : type, name),
    };

    private static async Task<List<(string Name, OurTarEntryType Type, string Data)>> ReadAll(Stream archive)
    {
        var reader = new OurTarReader(archive);
        var entries = new List<(string, OurTarEntryType, string)>();
        var buffer = new byte[100];
        Kube.Client.Streams.Copy.TarEntry? entry;
        while ((entry = await reader.NextAsync(CancellationToken.None)) is not null)
        {
            var data = new StringBuilder();
            int n;
            while ((n = await reader.ReadDataAsync(buffer, 0, buffer.Length, CancellationToken.None)) > 0) data.Append(Encoding.UTF8.GetString(buffer, 0, n));
            entries.Add((entry.Name, entry.Type, data.ToString()));
        }
        return entries;
    }
}
