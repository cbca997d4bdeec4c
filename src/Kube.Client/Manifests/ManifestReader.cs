using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Yaml;

namespace Kube.Client.Manifests;

/// <summary>
/// Reads manifests into <see cref="ManifestEntry"/> items, one per object, as kubectl's resource
/// builder does with -f: every document of a YAML or JSON stream, List kinds expanded to their
/// items. A document that is not an object with apiVersion and kind becomes an error entry of its
/// own and the other documents still come through; a YAML syntax error makes the whole stream one
/// error entry (after it the parser cannot tell where documents start).
/// </summary>
public static class ManifestReader
{
    /// <summary>The entries of <paramref name="text"/> (YAML, JSON or multi-document YAML).</summary>
    /// <param name="source">Where the text came from, for messages: a file path, "pipeline input 2".</param>
    public static IReadOnlyList<ManifestEntry> Read(string text, string? source = null)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        IReadOnlyList<YamlDocument> documents;
        try
        {
            documents = KubeYamlReader.ReadDocuments(text, source);
        }
        catch (KubeYamlException e)
        {
            return new[] { ManifestEntry.ForError(e) };
        }

        var entries = new List<ManifestEntry>();
        foreach (var document in documents)
        {
            if (document.Content is null) continue;
            int number = document.Index + 1;
            IReadOnlyList<Models.Unstructured> objects;
            try
            {
                objects = KubeYaml.ToObjects(new[] { document });
            }
            catch (KubeYamlException e)
            {
                entries.Add(ManifestEntry.ForError(e, number));
                continue;
            }
            foreach (var obj in objects) entries.Add(ManifestEntry.ForObject(obj, source, number, document.Line));
        }
        return entries;
    }

    /// <summary>The entries of one file; a file that cannot be read becomes one error entry naming it.</summary>
    public static async Task<IReadOnlyList<ManifestEntry>> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        string text;
        try
        {
#if NET8_0_OR_GREATER
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
#else
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
            using (var reader = new StreamReader(stream))
                text = await reader.ReadToEndAsync().ConfigureAwait(false);
#endif
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new[] { ManifestEntry.ForError(new KubeYamlException("the file does not exist", path, null, null, e)) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new[] { ManifestEntry.ForError(new KubeYamlException("the file cannot be read: " + e.Message, path, null, null, e)) };
        }
        return Read(text, path);
    }
}
