using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Kube.Client.Controllers;

namespace Kube.PowerShell.Cmdlets.Controllers;

/// <summary>
/// One kind Start-KubeController watches, from a -Watch hashtable or object: Kind (required), ApiVersion,
/// Namespace, AllNamespaces, LabelSelector, FieldSelector, and Key: how its objects map to the keys
/// reconciled ('Self', 'Owner', 'Owner:Kind' or 'Namespace').
/// </summary>
public sealed class ControllerWatch
{
    private static readonly string[] Known = { "Kind", "ApiVersion", "Namespace", "AllNamespaces", "LabelSelector", "FieldSelector", "Key" };

    public string Kind { get; set; } = "";

    public string? ApiVersion { get; set; }

    public string? Namespace { get; set; }

    public bool AllNamespaces { get; set; }

    public string? LabelSelector { get; set; }

    public string? FieldSelector { get; set; }

    /// <summary>'Self' (default), 'Owner' (the controlling owner), 'Owner:Kind' (the controlling owner when of that kind), or 'Namespace'.</summary>
    public string Key { get; set; } = "Self";

    /// <summary>True when the objects are reconciled under their own key.</summary>
    public bool IsSelf => string.Equals(Key, "Self", StringComparison.OrdinalIgnoreCase);

    /// <summary>The key function of <see cref="Key"/>.</summary>
    /// <exception cref="ArgumentException">Key is none of the forms above.</exception>
    public Func<object, IEnumerable<string>> KeyFunc()
    {
        if (IsSelf) return ControllerKeys.Self;
        if (string.Equals(Key, "Namespace", StringComparison.OrdinalIgnoreCase)) return ControllerKeys.Namespace;
        if (string.Equals(Key, "Owner", StringComparison.OrdinalIgnoreCase)) return ControllerKeys.ControllerOwner();
        if (Key.StartsWith("Owner:", StringComparison.OrdinalIgnoreCase) && Key.Length > "Owner:".Length)
            return ControllerKeys.ControllerOwner(Key.Substring("Owner:".Length).Trim());
        throw new ArgumentException($"-Watch entry for {Kind}: Key '{Key}' is not known; expected 'Self', 'Owner', 'Owner:<Kind>' (such as 'Owner:Service') or 'Namespace'.");
    }

    /// <summary>Reads a -Watch item: a hashtable, a ControllerWatch, or an object with those properties; a string is a kind.</summary>
    /// <exception cref="ArgumentException">The item has no Kind, or a property that is not known.</exception>
    public static ControllerWatch From(object item)
    {
        object value = item is PSObject ps ? ps.BaseObject : item;
        switch (value)
        {
            case ControllerWatch watch:
                return watch;
            case string kind:
                return new ControllerWatch { Kind = kind };
            case IDictionary table:
            {
                var entries = table.Keys.Cast<object>().ToDictionary(k => k.ToString() ?? "", k => (object?)table[k], StringComparer.OrdinalIgnoreCase);
                return FromEntries(entries);
            }
            default:
            {
                var entries = PSObject.AsPSObject(item).Properties.ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.OrdinalIgnoreCase);
                return FromEntries(entries);
            }
        }
    }

    private static ControllerWatch FromEntries(IDictionary<string, object?> entries)
    {
        foreach (var name in entries.Keys)
            if (!Known.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException($"-Watch entry: '{name}' is not known; expected {string.Join(", ", Known)}.");
        string? Text(string name) => entries.TryGetValue(name, out var v) && v is not null ? (v is PSObject p ? p.BaseObject : v).ToString() : null;
        var watch = new ControllerWatch
        {
            Kind = Text("Kind") ?? throw new ArgumentException("-Watch entry has no Kind: expected @{ Kind = 'Service' } (plus ApiVersion, Namespace, LabelSelector, FieldSelector, Key)."),
            ApiVersion = Text("ApiVersion"),
            Namespace = Text("Namespace"),
            AllNamespaces = entries.TryGetValue("AllNamespaces", out var all) && LanguagePrimitives.IsTrue(all),
            LabelSelector = Text("LabelSelector"),
            FieldSelector = Text("FieldSelector"),
            Key = Text("Key") ?? "Self",
        };
        _ = watch.KeyFunc();
        return watch;
    }

    public override string ToString() => $"{Kind} (key {Key})";
}
