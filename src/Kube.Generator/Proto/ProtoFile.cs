using System.Collections.Generic;

namespace Kube.Generator.Proto;

/// <summary>One parsed .proto file: its package, imports, go_package option and messages.</summary>
public sealed class ProtoFile
{
    public ProtoFile(string importPath, string displayPath)
    {
        ImportPath = importPath;
        DisplayPath = displayPath;
    }

    /// <summary>The path other files import it by: "k8s.io/api/core/v1/generated.proto".</summary>
    public string ImportPath { get; }

    /// <summary>The path for messages (the file on disk).</summary>
    public string DisplayPath { get; }

    public string Syntax { get; set; } = "proto2";
    public string Package { get; set; } = "";
    public string? GoPackage { get; set; }
    public List<string> Imports { get; } = new();
    public List<ProtoMessage> Messages { get; } = new();

    public override string ToString() => ImportPath;
}
