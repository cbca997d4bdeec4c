using System;
using System.Collections.Generic;

namespace Kube.Client.Streams.Copy;

/// <summary>Path rules of the container side, which is always POSIX (Go's path package, kubectl cp's helpers).</summary>
internal static class PosixPath
{
    /// <summary>The shortest equivalent path: no "//", no ".", ".." resolved where it can be ("." for empty).</summary>
    public static string Clean(string path)
    {
        if (string.IsNullOrEmpty(path)) return ".";
        bool rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (parts.Count > 0 && parts[parts.Count - 1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(segment);
        }
        string joined = string.Join("/", parts);
        if (rooted) return "/" + joined;
        return joined.Length == 0 ? "." : joined;
    }

    /// <summary>kubectl's stripPathShortcuts: clean, drop leading "../" and a leading "/", and "." or ".." becomes "".</summary>
    public static string StripShortcuts(string path)
    {
        string cleaned = Clean(path);
        while (cleaned.StartsWith("../", StringComparison.Ordinal)) cleaned = cleaned.Substring(3);
        if (cleaned is "." or "..") return "";
        return cleaned.StartsWith("/", StringComparison.Ordinal) ? cleaned.Substring(1) : cleaned;
    }

    public static string Directory(string path)
    {
        string cleaned = Clean(path);
        int slash = cleaned.LastIndexOf('/');
        if (slash < 0) return ".";
        return slash == 0 ? "/" : cleaned.Substring(0, slash);
    }

    public static string FileName(string path)
    {
        string cleaned = Clean(path);
        if (cleaned == "/") return "/";
        int slash = cleaned.LastIndexOf('/');
        return slash < 0 ? cleaned : cleaned.Substring(slash + 1);
    }
}
