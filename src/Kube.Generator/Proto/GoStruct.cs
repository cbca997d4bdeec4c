using System.Collections.Generic;

namespace Kube.Generator.Proto;

/// <summary>A Go struct type of an API package, with its fields in source order.</summary>
public sealed record GoStruct(string Name, string File, int Line)
{
    public List<GoField> Fields { get; } = new();

    public string Where => $"{File}:{Line}";
}
