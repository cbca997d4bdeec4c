using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Cache;

/// <summary>
/// Makes the objects of one informer's cache share the strings that repeat across them: apiVersion
/// and kind, the namespace, label and annotation keys, short label values, owner references, and
/// the managedFields entries (manager, operation, and the fieldsV1 tree, which is the same for
/// every object one writer made). Each decoded object gets its own copy of these from the wire;
/// keeping one copy cuts the cache's steady memory. The pool is bounded (short strings only, and a
/// fixed number of them), so unique values such as names, uids and long annotations are left alone
/// and a churning cluster cannot grow it without limit.
/// </summary>
internal sealed class SharedStrings
{
    internal const int MaxStringLength = 128;
    internal const int MaxStrings = 16 * 1024;
    internal const int MaxFieldsLength = 8 * 1024;
    internal const int MaxFieldsTrees = 1024;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RawJson, RawJson> _fields = new(SameText.Instance);

    /// <summary>Strings held by the pool (for tests).</summary>
    internal int Count => _strings.Count;

    /// <summary>Replaces the repeated strings of <paramref name="obj"/> with the pool's copies, in place; returns the object.</summary>
    public T Share<T>(T obj)
    {
        // An Unstructured holds UTF-8 (or a tree once opened), not strings to share; setting its
        // apiVersion would build the tree of an object that keeps its bytes.
        if (obj is Unstructured) return obj;
        if (obj is IKubeObject typed)
        {
            typed.ApiVersion = Share(typed.ApiVersion);
            typed.Kind = Share(typed.Kind);
        }
        if (obj is IKubeResource { Metadata: { } meta }) Share(meta);
        return obj;
    }

    private void Share(ObjectMeta meta)
    {
        meta.Namespace = Share(meta.Namespace);
        meta.GenerateName = Share(meta.GenerateName);
        if (meta.Labels is { Count: > 0 } labels) meta.Labels = Share(labels, values: true);
        if (meta.Annotations is { Count: > 0 } annotations) meta.Annotations = Share(annotations, values: true);
        if (meta.Finalizers is { } finalizers)
            for (int i = 0; i < finalizers.Count; i++) finalizers[i] = Share(finalizers[i])!;
        if (meta.OwnerReferences is { } owners)
        {
            foreach (var owner in owners)
            {
                owner.ApiVersion = Share(owner.ApiVersion);
                owner.Kind = Share(owner.Kind);
                owner.Name = Share(owner.Name);
            }
        }
        if (meta.ManagedFields is { } managed)
        {
            foreach (var entry in managed)
            {
                entry.Manager = Share(entry.Manager);
                entry.Operation = Share(entry.Operation);
                entry.ApiVersion = Share(entry.ApiVersion);
                entry.FieldsType = Share(entry.FieldsType);
                // The text as read, never the element (reading FieldsV1 would parse it).
                if (entry.FieldsV1Text is { } fields) entry.FieldsV1Text = Share(fields);
            }
        }
    }

    private Dictionary<string, string> Share(Dictionary<string, string> map, bool values)
    {
        var shared = new Dictionary<string, string>(map.Count, map.Comparer);
        foreach (var pair in map) shared[Share(pair.Key)!] = values ? Share(pair.Value)! : pair.Value;
        return shared;
    }

    internal string? Share(string? value)
    {
        if (value is null || value.Length > MaxStringLength) return value;
        if (value.Length == 0) return string.Empty;
        if (_strings.TryGetValue(value, out var shared)) return shared;
        if (_strings.Count >= MaxStrings) return value;
        return _strings.GetOrAdd(value, value);
    }

    private RawJson Share(RawJson fields)
    {
        if (fields.Utf8 is not { } text || text.Length > MaxFieldsLength) return fields;
        if (_fields.TryGetValue(fields, out var shared)) return shared;
        if (_fields.Count >= MaxFieldsTrees) return fields;
        return _fields.GetOrAdd(fields, fields);
    }

    /// <summary>Texts kept as read compare by their bytes; values given as elements only to themselves.</summary>
    private sealed class SameText : IEqualityComparer<RawJson>
    {
        public static readonly SameText Instance = new();

        public bool Equals(RawJson? x, RawJson? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.SameText(y));

        public int GetHashCode(RawJson obj)
        {
            if (obj.Utf8 is not { } text) return System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
            // FNV-1a over the text.
            uint hash = 2166136261;
            foreach (byte b in text) hash = (hash ^ b) * 16777619;
            return (int)hash;
        }
    }
}
