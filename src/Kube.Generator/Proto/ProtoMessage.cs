using System.Collections.Generic;

namespace Kube.Generator.Proto;

/// <summary>A message of a .proto file, with its fields in file order.</summary>
public sealed class ProtoMessage
{
    public ProtoMessage(ProtoFile file, string name, int line)
    {
        File = file;
        Name = name;
        Line = line;
    }

    public ProtoFile File { get; }
    public string Name { get; }
    public int Line { get; }

    /// <summary>Package and name: "k8s.io.api.core.v1.Pod".</summary>
    public string FullName => File.Package + "." + Name;

    public List<ProtoField> Fields { get; } = new();

    public string Where(int line) => $"{File.DisplayPath}:{line}";

    public override string ToString() => FullName;
}
