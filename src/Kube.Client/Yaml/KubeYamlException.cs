using System;

namespace Kube.Client.Yaml;

/// <summary>YAML that cannot be read (or a document that is not what was expected), with where it is.</summary>
public sealed class KubeYamlException : Exception
{
    public KubeYamlException(string message, string? source, int? line, int? column, Exception? inner = null)
        : base(Format(message, source, line, column), inner)
    {
        Source = source;
        Line = line;
        Column = column;
        Reason = message;
    }

    /// <summary>The file (or "stdin", "pipeline input #3") the YAML came from.</summary>
    public new string? Source { get; }
    public int? Line { get; }
    public int? Column { get; }

    /// <summary>The problem alone, without the location prefix.</summary>
    public string Reason { get; }

    private static string Format(string message, string? source, int? line, int? column)
    {
        string where = source ?? "YAML";
        if (line is int l) where += column is int c ? $": line {l}, column {c}" : $": line {l}";
        return where + ": " + message;
    }
}
