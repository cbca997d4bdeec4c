using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Kube.Client.Models;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Cache;

/// <summary>
/// Makes the objects of one informer's cache share the strings that repeat across them: apiVersion
/// and kind, the namespace, label and annotation keys and values, owner references, managedFields
/// entries (manager, operation, and the fieldsV1 tree, which is the same for every object one
/// writer made), and every short string of the spec and status (container names, images, env
/// names, paths, ports' names, condition types, reasons...). Each decoded object gets its own copy
/// of these from the wire; keeping one copy cuts the cache's steady memory. The models' generated
/// <see cref="IShareStrings"/> walks each object.
/// The pool is bounded and admits a string only when it is seen a second time: a fixed table of
/// recently seen strings comes first, so values unique to one object (names, uids, resource
/// versions, pod IPs) pass through it without filling the pool, and a churning cluster cannot grow
/// it without limit. Long strings are left alone.
/// </summary>
internal sealed class SharedStrings : StringPool
{
    internal const int MaxStringLength = 128;
    internal const int MaxStrings = 16 * 1024;
    internal const int MaxFieldsLength = 8 * 1024;
    internal const int MaxFieldsTrees = 1024;

    /// <summary>Slots of the table of strings seen once: sets of <see cref="SeenWays"/> (a power of two in all).</summary>
    internal const int SeenSlots = 2048;
    internal const int SeenWays = 8;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RawJson, RawJson> _fields = new(SameText.Instance);
    private string?[]? _seen;
    private int _nextWay;

    /// <summary>Strings held by the pool (for tests).</summary>
    internal int Count => _strings.Count;

    /// <summary>Replaces the repeated strings of <paramref name="obj"/> with the pool's copies, in place; returns the object.</summary>
    public T ShareObject<T>(T obj)
    {
        // An Unstructured holds UTF-8 (or a tree once opened), not strings to share; setting its
        // apiVersion would build the tree of an object that keeps its bytes.
        if (obj is Unstructured) return obj;
        if (obj is IShareStrings model) model.ShareStrings(this);
        return obj;
    }

    public override string? Share(string? value)
    {
        if (value is null || value.Length > MaxStringLength) return value;
        if (value.Length == 0) return string.Empty;
        if (_strings.TryGetValue(value, out var shared)) return shared;
        var seen = _seen ?? Interlocked.CompareExchange(ref _seen, new string?[SeenSlots], null) ?? _seen;
        // A set of a few ways, so two strings that repeat on every object and fall in one set do
        // not push each other out before their second sighting (as they would in one slot).
        int set = StringComparer.Ordinal.GetHashCode(value) & (SeenSlots - SeenWays);
        int free = -1;
        for (int way = set; way < set + SeenWays; way++)
        {
            var before = Volatile.Read(ref seen[way]);
            if (before is null)
            {
                if (free < 0) free = way;
                continue;
            }
            if (string.Equals(before, value, StringComparison.Ordinal))
            {
                // The second sighting: the first one's copy becomes the pool's (or, once the pool
                // is full, is still handed out while it keeps its slot).
                if (_strings.Count >= MaxStrings) return before;
                Volatile.Write(ref seen[way], null);
                return _strings.GetOrAdd(before, before);
            }
        }
        Volatile.Write(ref seen[free >= 0 ? free : set + (_nextWay++ & (SeenWays - 1))], value);
        return value;
    }

    public override RawJson? Share(RawJson? fields)
    {
        if (fields?.Utf8 is not { } text || text.Length > MaxFieldsLength) return fields;
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
