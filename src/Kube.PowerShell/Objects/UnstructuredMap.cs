using System;
using System.Text.Json.Nodes;

namespace Kube.PowerShell.Objects;

/// <summary>
/// A JSON object inside an <see cref="Kube.Client.Models.Unstructured"/> (spec, metadata.labels,
/// an item of spec.containers...) as PowerShell sees it: its members are properties
/// (<c>$u.spec.template.spec.containers[0].image</c>), read and written through to the object's
/// tree. Deliberately not enumerable, so PowerShell shows it as one object instead of unrolling
/// its members. <see cref="UnstructuredAdapter"/> gives it its properties.
/// </summary>
public sealed class UnstructuredMap
{
    public UnstructuredMap(JsonObject node)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
    }

    /// <summary>The JSON object itself (shared with the tree it belongs to).</summary>
    internal JsonObject Node { get; }

    /// <summary>The member's value as PowerShell shows it; null when absent. Keys with dots or slashes (labels) read naturally: <c>$labels['app.kubernetes.io/name']</c>.</summary>
    public object? this[string key]
    {
        get => Node.TryGetPropertyValue(key, out var value) ? PowerShellJson.ToPowerShell(value) : null;
        set => UnstructuredAdapter.SetMember(Node, key, value);
    }

    /// <summary>The member names, in order.</summary>
    public string[] Keys()
    {
        var keys = new string[Node.Count];
        int i = 0;
        foreach (var member in Node) keys[i++] = member.Key;
        return keys;
    }

    public bool ContainsKey(string key) => Node.ContainsKey(key);

    /// <summary>This map as compact JSON.</summary>
    public string ToJson() => Node.ToJsonString();

    public override string ToString() => ToJson();

    public override bool Equals(object? obj) => obj is UnstructuredMap other && ReferenceEquals(Node, other.Node);

    public override int GetHashCode() => Node.GetHashCode();
}
