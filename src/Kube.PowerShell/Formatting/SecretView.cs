using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Secrets;

namespace Kube.PowerShell.Formatting;

/// <summary>
/// What the Secret list view shows, as kubectl describe secret does: keys and the sizes of their
/// values, never the values. kubectl's last-applied-configuration annotation holds the values too,
/// so it shows as its size. ConvertFrom-KubeSecret reads the values when they are wanted.
/// </summary>
public static class SecretView
{
    /// <summary>"password: 12 bytes, username: 5 bytes".</summary>
    public static string Data(PSObject instance)
    {
        var sizes = SecretData.Sizes(instance?.BaseObject);
        return string.Join(", ", sizes.Select(p => $"{p.Key}: {p.Value} {(p.Value == 1 ? "byte" : "bytes")}"));
    }

    public static string? Type(PSObject instance) => instance?.BaseObject switch
    {
        Secret s => s.Type,
        Unstructured u => Safe(() => u.NestedString("type")),
        _ => null,
    };

    public static string Labels(PSObject instance) => Join(Map(instance, annotations: false));

    public static string Annotations(PSObject instance)
    {
        var map = Map(instance, annotations: true);
        if (map is null) return "";
        return Join(map.ToDictionary(
            p => p.Key,
            p => p.Key == SecretRedaction.LastAppliedAnnotation ? SecretRedaction.Marker(System.Text.Encoding.UTF8.GetByteCount(p.Value ?? "")) : p.Value));
    }

    private static IReadOnlyDictionary<string, string>? Map(PSObject instance, bool annotations) => instance?.BaseObject switch
    {
        Secret s => annotations ? s.Metadata?.Annotations : s.Metadata?.Labels,
        Unstructured u => Safe(() => annotations ? u.Annotations : u.Labels),
        _ => null,
    };

    private static string Join(IReadOnlyDictionary<string, string>? map) =>
        map is null ? "" : string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static T? Safe<T>(Func<T?> read)
    {
        try { return read(); }
        catch (NestedFieldException) { return default; }
    }
}
