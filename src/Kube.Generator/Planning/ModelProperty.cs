namespace Kube.Generator.Planning;

/// <summary>One property of a generated model: its JSON name, C# name and type, and an optional converter.</summary>
/// <param name="KeptAsUtf8">
/// A map of strings kept as UTF-8 until read (Kube.Client.Models.Serialization.Utf8StringMap): a
/// public dictionary property over an internal one that holds the text, so decoding makes no strings.
/// </param>
public sealed record ModelProperty(string JsonName, string Name, TypeRef Type, string? Converter, bool KeptAsUtf8 = false);
