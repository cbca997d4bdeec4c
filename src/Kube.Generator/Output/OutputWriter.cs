using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Kube.Generator.Output;

/// <summary>
/// Puts generated files in place: writes those whose bytes differ (unchanged files keep their time
/// stamps, so builds stay incremental), and deletes files inside the owned Generated folders that the
/// generator no longer produces. Nothing outside those folders is touched.
/// </summary>
public static class OutputWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static OutputChanges Write(string root, IReadOnlyDictionary<string, string> files, IReadOnlyList<string> ownedFolders, bool dryRun = false)
    {
        foreach (string path in files.Keys)
        {
            if (!ownedFolders.Any(folder => path.StartsWith(folder + "/", StringComparison.Ordinal)))
                throw new InvalidOperationException($"The generated file '{path}' lies outside the generator's folders.");
        }

        var written = new List<string>();
        int unchanged = 0;
        foreach (var (relative, content) in files)
        {
            string full = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            byte[] bytes = Utf8NoBom.GetBytes(content);
            if (File.Exists(full) && File.ReadAllBytes(full).AsSpan().SequenceEqual(bytes))
            {
                unchanged++;
                continue;
            }
            written.Add(relative);
            if (dryRun) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        var deleted = new List<string>();
        foreach (string folder in ownedFolders)
        {
            string full = Path.Combine(root, folder.Replace('/', Path.DirectorySeparatorChar));
            if (!Directory.Exists(full)) continue;
            foreach (string file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                if (files.ContainsKey(relative)) continue;
                deleted.Add(relative);
                if (!dryRun) File.Delete(file);
            }
            if (!dryRun) DeleteEmptyFolders(full);
        }
        return new OutputChanges(written, deleted, unchanged);
    }

    private static void DeleteEmptyFolders(string folder)
    {
        foreach (string child in Directory.EnumerateDirectories(folder).ToList()) DeleteEmptyFolders(child);
        if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
    }
}
