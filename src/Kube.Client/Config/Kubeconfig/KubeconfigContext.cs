using System.Collections.Generic;
using System.Text.Json;

namespace Kube.Client.Config;

/// <summary>A <c>contexts[]</c> entry of a kubeconfig: a cluster, a user and a default namespace.</summary>
public sealed class KubeconfigContext
{
    internal KubeconfigContext(string name, string sourceFile, int line)
    {
        Name = name;
        SourceFile = sourceFile;
        Line = line;
    }

    public string Name { get; }

    /// <summary>The file that defined this entry (client-go's LocationOfOrigin).</summary>
    public string SourceFile { get; }

    /// <summary>1-based line of the entry in <see cref="SourceFile"/>.</summary>
    public int Line { get; }

    public string? Cluster { get; internal set; }
    public string? User { get; internal set; }
    public string? Namespace { get; internal set; }
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; internal set; } = new Dictionary<string, JsonElement>();

    internal string Describe() => $"context \"{Name}\" in {SourceFile}";

    public override string ToString() => $"{Name} (cluster {Cluster}, user {User}, namespace {Namespace})";
}
