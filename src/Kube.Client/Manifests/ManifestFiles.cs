using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kube.Client.Manifests;

/// <summary>Which files of a folder are manifests: *.yaml, *.yml and *.json, as kubectl -f DIR -R reads them.</summary>
public static class ManifestFiles
{
    private static readonly string[] Extensions = { ".yaml", ".yml", ".json" };

    public static bool IsManifest(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The manifest files under <paramref name="directory"/>, in subfolders too, in ordinal path order (a stable apply order).</summary>
    public static IReadOnlyList<string> InDirectory(string directory, bool recurse = true)
    {
        if (directory is null) throw new ArgumentNullException(nameof(directory));
        var option = recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        return Directory.EnumerateFiles(directory, "*", option)
            .Where(IsManifest)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }
}
