using System;

namespace Kube.Client.Streams.Copy;

/// <summary>One member of a tar archive: its header, without its data.</summary>
internal sealed class TarEntry
{
    public TarEntry(string name, TarEntryType type, long size, int mode, DateTimeOffset modified, string? linkName = null, char typeFlag = '0')
    {
        Name = name;
        Type = type;
        Size = size;
        Mode = mode;
        Modified = modified;
        LinkName = linkName;
        TypeFlag = typeFlag;
    }

    /// <summary>The member's path inside the archive, with '/' separators.</summary>
    public string Name { get; }

    public TarEntryType Type { get; }

    /// <summary>Bytes of data that follow the header (files only).</summary>
    public long Size { get; }

    /// <summary>Permission bits (and set-id/sticky bits).</summary>
    public int Mode { get; }

    public DateTimeOffset Modified { get; }

    /// <summary>Where a link points.</summary>
    public string? LinkName { get; }

    /// <summary>The raw type flag, for messages about members that are skipped.</summary>
    public char TypeFlag { get; }

    public override string ToString() => Name;
}
