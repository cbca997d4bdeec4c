using System.Text.Json.Nodes;

namespace Kube.Client.Yaml;

/// <summary>One document of a YAML stream, as a JSON tree, with where it started.</summary>
public sealed class YamlDocument
{
    public YamlDocument(JsonNode? content, int index, int line, string? source)
    {
        Content = content;
        Index = index;
        Line = line;
        Source = source;
    }

    /// <summary>The document's value; null for an empty document or an explicit null.</summary>
    public JsonNode? Content { get; }

    /// <summary>0-based position in the stream.</summary>
    public int Index { get; }

    /// <summary>1-based line where the document's content starts.</summary>
    public int Line { get; }

    public string? Source { get; }

    /// <summary>"file.yaml, document 2 (line 14)": for messages.</summary>
    public string Describe() => $"{Source ?? "YAML"}, document {Index + 1} (line {Line})";
}
