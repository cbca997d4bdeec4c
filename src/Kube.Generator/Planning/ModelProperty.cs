namespace Kube.Generator.Planning;

/// <summary>One property of a generated model: its JSON name, C# name and type, and an optional converter.</summary>
public sealed record ModelProperty(string JsonName, string Name, TypeRef Type, string? Converter);
