using System;
using Kube.Client.Models;
using Kube.Client.Yaml;

namespace Kube.Client.Manifests;

/// <summary>
/// One object read from a manifest (a file, a folder's file, a string), or why that document could
/// not become one, with where it came from so every message can name the file and document.
/// </summary>
public sealed class ManifestEntry
{
    private ManifestEntry(Unstructured? obj, KubeYamlException? error, string? source, int? document, int? line)
    {
        Object = obj;
        Error = error;
        Source = source;
        Document = document;
        Line = line;
    }

    /// <summary>The object; null when <see cref="Error"/> says why there is none.</summary>
    public Unstructured? Object { get; }

    /// <summary>Why the document is not an object (a YAML syntax error, no apiVersion or kind...).</summary>
    public KubeYamlException? Error { get; }

    /// <summary>The file, or a description such as "pipeline input 3"; null when unknown.</summary>
    public string? Source { get; }

    /// <summary>1-based document number in a multi-document stream; null when the object did not come from YAML.</summary>
    public int? Document { get; }

    /// <summary>1-based line where the document starts.</summary>
    public int? Line { get; }

    public static ManifestEntry ForObject(Unstructured obj, string? source, int? document = null, int? line = null) =>
        new(obj ?? throw new ArgumentNullException(nameof(obj)), null, source, document, line);

    public static ManifestEntry ForError(KubeYamlException error, int? document = null) =>
        new(null, error ?? throw new ArgumentNullException(nameof(error)), error.Source, document, error.Line);

    /// <summary>"deploy.yaml, document 2 (line 14)", "pipeline input 3", or null when nothing is known.</summary>
    public string? Location
    {
        get
        {
            if (Source is null && Document is null) return null;
            string where = Source ?? "YAML";
            if (Document is int d) where += $", document {d}";
            if (Line is int l) where += $" (line {l})";
            return where;
        }
    }

    public override string ToString() => Object is { } o ? (Location is { } at ? $"{o.Describe()} from {at}" : o.Describe()) : Error!.Message;
}
