using System;
using System.IO;

namespace Kube.PowerShell.Cmdlets.Copy;

/// <summary>
/// One side of a copy as kubectl cp writes it: "[namespace/]pod:path" in a container, anything
/// else a local path. On Windows a drive letter ("C:\temp") is local.
/// </summary>
public sealed class PodFileSpec
{
    private PodFileSpec(string? @namespace, string? pod, string path)
    {
        Namespace = @namespace;
        Pod = pod;
        Path = path;
    }

    public string? Namespace { get; }

    /// <summary>The pod; null for a local path.</summary>
    public string? Pod { get; }

    public string Path { get; }

    public bool IsRemote => Pod is not null;

    /// <exception cref="ArgumentException">A spec that is neither a local path nor [namespace/]pod:path.</exception>
    public static PodFileSpec Parse(string text)
    {
        if (string.IsNullOrEmpty(text)) throw new ArgumentException("A path may not be empty.");
        int colon = text.IndexOf(':');
        if (colon < 0 || IsDrivePath(text)) return new PodFileSpec(null, null, text);
        if (colon == 0) throw new ArgumentException($"'{text}' starts with ':'; a container path is [namespace/]pod:path.");
        string pod = text.Substring(0, colon);
        string path = text.Substring(colon + 1);
        if (path.Length == 0) throw new ArgumentException($"'{text}' names no path in the container; write {pod}:/some/path.");
        var parts = pod.Split('/');
        return parts.Length switch
        {
            1 => new PodFileSpec(null, parts[0], path),
            2 when parts[0].Length > 0 && parts[1].Length > 0 => new PodFileSpec(parts[0], parts[1], path),
            _ => throw new ArgumentException($"'{pod}' in '{text}' is not a pod or namespace/pod; a container path is [namespace/]pod:path."),
        };
    }

    private static bool IsDrivePath(string text) =>
        System.IO.Path.DirectorySeparatorChar == '\\' && text.Length >= 3 && char.IsLetter(text[0]) && text[1] == ':' && (text[2] == '\\' || text[2] == '/');

    public override string ToString() => IsRemote ? $"{(Namespace is null ? "" : Namespace + "/")}{Pod}:{Path}" : Path;
}
