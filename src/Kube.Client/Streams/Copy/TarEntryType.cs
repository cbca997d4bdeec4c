namespace Kube.Client.Streams.Copy;

/// <summary>The kinds of tar entries a copy handles; others are reported and skipped.</summary>
internal enum TarEntryType
{
    File,
    Directory,
    SymbolicLink,
    HardLink,
    Other,
}
