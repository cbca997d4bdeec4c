using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Kube.Client.Schema;

namespace Kube.Client.Models;

/// <summary>
/// Maps API kinds to the generated models and back: what turns a GroupVersionKind read from YAML or
/// from a dynamic object into a typed model. The table itself is generated from the OpenAPI document.
/// </summary>
public static partial class ModelRegistry
{
    private static readonly Lazy<Tables> Lookup = new(BuildTables);

    /// <summary>Every registered kind, in a stable order.</summary>
    public static IReadOnlyList<ModelRegistration> All => Lookup.Value.All;

    public static bool TryGet(GroupVersionKind kind, [NotNullWhen(true)] out ModelRegistration? registration) =>
        Lookup.Value.ByKind.TryGetValue(kind, out registration);

    /// <summary>
    /// The kind a model stands for. False for models without one, and for the few that every group
    /// shares (DeleteOptions, WatchEvent), whose kind depends on where they are sent.
    /// </summary>
    public static bool TryGetKind(Type type, out GroupVersionKind kind) =>
        Lookup.Value.ByType.TryGetValue(type ?? throw new ArgumentNullException(nameof(type)), out kind);

    /// <summary>
    /// The kind of an object: its own apiVersion and kind when both are set, else the kind its model
    /// type stands for (typed objects read from a list often carry neither). False for an object that is
    /// no Kubernetes object, or whose apiVersion does not parse.
    /// </summary>
    public static bool TryGetKind(object? obj, out GroupVersionKind kind)
    {
        kind = default;
        if (obj is not IKubeObject typed) return false;
        if (string.IsNullOrEmpty(typed.ApiVersion) || string.IsNullOrEmpty(typed.Kind)) return TryGetKind(obj.GetType(), out kind);
        try
        {
            kind = GroupVersion.Parse(typed.ApiVersion!).WithKind(typed.Kind!);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }

    public static GroupVersionKind GetKind<T>() where T : IKubeObject =>
        TryGetKind(typeof(T), out var kind)
            ? kind
            : throw new ArgumentException($"{typeof(T).FullName} has no single API kind registered in {nameof(ModelRegistry)}.", nameof(T));

    private static partial ModelRegistration[] CreateRegistrations();

    private static Tables BuildTables()
    {
        var all = CreateRegistrations();
        var byKind = new Dictionary<GroupVersionKind, ModelRegistration>(all.Length);
        var byType = new Dictionary<Type, GroupVersionKind>(all.Length);
        var sharedTypes = new HashSet<Type>();
        foreach (var registration in all)
        {
            byKind.Add(registration.Kind, registration);
            if (sharedTypes.Contains(registration.Type)) continue;
            if (byType.ContainsKey(registration.Type))
            {
                byType.Remove(registration.Type);
                sharedTypes.Add(registration.Type);
                continue;
            }
            byType.Add(registration.Type, registration.Kind);
        }
        return new Tables(all, byKind, byType);
    }

    private sealed class Tables
    {
        public Tables(IReadOnlyList<ModelRegistration> all, Dictionary<GroupVersionKind, ModelRegistration> byKind, Dictionary<Type, GroupVersionKind> byType)
        {
            All = all;
            ByKind = byKind;
            ByType = byType;
        }

        public IReadOnlyList<ModelRegistration> All { get; }
        public Dictionary<GroupVersionKind, ModelRegistration> ByKind { get; }
        public Dictionary<Type, GroupVersionKind> ByType { get; }
    }
}
