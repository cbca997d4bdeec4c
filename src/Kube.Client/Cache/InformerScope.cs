using System;

namespace Kube.Client.Cache;

/// <summary>
/// Which objects one informer of a <see cref="SharedInformerFactory"/> holds, when it differs from the
/// factory's defaults: a namespace (null: all namespaces) and selectors. Informers of the same resource
/// and scope are shared; another scope gets an informer of its own.
/// </summary>
public sealed class InformerScope : IEquatable<InformerScope>
{
    public InformerScope(string? @namespace = null, string? labelSelector = null, string? fieldSelector = null)
    {
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        LabelSelector = string.IsNullOrWhiteSpace(labelSelector) ? null : labelSelector;
        FieldSelector = string.IsNullOrWhiteSpace(fieldSelector) ? null : fieldSelector;
    }

    /// <summary>Every object of the resource.</summary>
    public static InformerScope All { get; } = new();

    /// <summary>The namespace of a namespaced resource; null for all namespaces (cluster-scoped resources ignore it).</summary>
    public string? Namespace { get; }

    public string? LabelSelector { get; }

    public string? FieldSelector { get; }

    public bool Equals(InformerScope? other) =>
        other is not null && Namespace == other.Namespace && LabelSelector == other.LabelSelector && FieldSelector == other.FieldSelector;

    public override bool Equals(object? obj) => Equals(obj as InformerScope);

    public override int GetHashCode() => ((Namespace?.GetHashCode() ?? 0) * 397 ^ (LabelSelector?.GetHashCode() ?? 0)) * 397 ^ (FieldSelector?.GetHashCode() ?? 0);

    public override string ToString()
    {
        string where = Namespace is null ? "all namespaces" : "namespace " + Namespace;
        string labels = LabelSelector is null ? "" : $", labels \"{LabelSelector}\"";
        string fields = FieldSelector is null ? "" : $", fields \"{FieldSelector}\"";
        return where + labels + fields;
    }
}
