namespace Kube.Client.Streams.Copy;

/// <summary>What a copy moved: files, directories and bytes, and how many members it skipped (links, specials, unsafe paths).</summary>
public sealed class CopyResult
{
    public CopyResult(string source, string destination, int files, int directories, long bytes, int skipped)
    {
        Source = source;
        Destination = destination;
        Files = files;
        Directories = directories;
        Bytes = bytes;
        Skipped = skipped;
    }

    /// <summary>"ns/pod:/path" or a local path.</summary>
    public string Source { get; }

    public string Destination { get; }

    public int Files { get; }

    public int Directories { get; }

    public long Bytes { get; }

    public int Skipped { get; }

    public override string ToString() => $"{Source} -> {Destination}: {Files} files, {Directories} directories, {Bytes} bytes";
}
