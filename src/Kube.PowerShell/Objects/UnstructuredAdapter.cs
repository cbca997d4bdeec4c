using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Text.Json.Nodes;
using Kube.Client.Models;

namespace Kube.PowerShell.Objects;

/// <summary>
/// Makes the JSON members of an <see cref="Unstructured"/> (and of the <see cref="UnstructuredMap"/>s
/// inside it) PowerShell properties, so <c>$u.spec.replicas</c>, <c>$u.metadata.labels</c> and
/// <c>$u.status.conditions | Where-Object type -eq Ready</c> read as they do on a typed model or a
/// PSCustomObject, tab completion and Get-Member list the fields, and assignments
/// (<c>$u.spec.replicas = 3</c>) change the object. Registered for both types by the module's types
/// file. The .NET members (Name, Namespace, Labels, NestedField()...) stay reachable; where a JSON
/// member and a .NET property share a name (kind, apiVersion), both give the same value.
/// </summary>
/// <remarks>
/// An adapter rather than a conversion (ToPSObject) or DynamicObject: the object stays an
/// Unstructured that other cmdlets and the library take as is, nothing is copied, and PowerShell's
/// own machinery (Format-*, Select-Object, ConvertTo-Json, completion) sees the fields, which it does
/// not for dynamic members. Names match case-insensitively, as PowerShell does, preferring an exact
/// match. Arrays come back as copies (object[]): change an item's fields in place, or assign a new
/// array to change its length.
/// </remarks>
public sealed class UnstructuredAdapter : PSPropertyAdapter
{
    public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
    {
        var properties = new Collection<PSAdaptedProperty>();
        if (NodeOf(baseObject) is not { } node) return properties;
        foreach (var member in node) properties.Add(new PSAdaptedProperty(member.Key, null));
        return properties;
    }

    public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
    {
        if (NodeOf(baseObject) is not { } node) return null;
        return Find(node, propertyName) is { } key ? new PSAdaptedProperty(key, null) : null;
    }

    public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

    public override bool IsSettable(PSAdaptedProperty adaptedProperty) => true;

    public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
    {
        var node = NodeOf(adaptedProperty.BaseObject);
        return node is not null && node.TryGetPropertyValue(adaptedProperty.Name, out var value) ? PowerShellJson.ToPowerShell(value) : null;
    }

    public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value)
    {
        if (NodeOf(adaptedProperty.BaseObject) is { } node) SetMember(node, adaptedProperty.Name, value);
    }

    public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
    {
        var node = NodeOf(adaptedProperty.BaseObject);
        if (node is null || !node.TryGetPropertyValue(adaptedProperty.Name, out var value)) return typeof(object).FullName!;
        return PowerShellJson.ToPowerShell(value)?.GetType().FullName ?? typeof(object).FullName!;
    }

    public override Collection<string> GetTypeNameHierarchy(object baseObject)
    {
        var names = new Collection<string>();
        for (var type = baseObject.GetType(); type is not null; type = type.BaseType) names.Add(type.FullName!);
        return names;
    }

    /// <summary>Sets a member from a PowerShell value; null removes it.</summary>
    internal static void SetMember(JsonObject node, string key, object? value)
    {
        var json = PowerShellJson.ToJsonNode(value);
        if (json is null) node.Remove(key);
        else node[key] = json;
    }

    private static JsonObject? NodeOf(object? baseObject) => baseObject switch
    {
        Unstructured u => u.Content,
        UnstructuredMap m => m.Node,
        _ => null,
    };

    private static string? Find(JsonObject node, string name)
    {
        if (node.ContainsKey(name)) return name;
        string? found = null;
        foreach (var member in node)
        {
            if (!string.Equals(member.Key, name, StringComparison.OrdinalIgnoreCase)) continue;
            if (found is not null) return null;
            found = member.Key;
        }
        return found;
    }
}
