using System.Collections.Generic;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// What a model's generated <see cref="IShareStrings.ShareStrings"/> hands its strings to: the pool
/// returns its own copy of a value it has seen before (or the value itself), so objects decoded one
/// by one end up holding one copy of the strings that repeat across them. The helpers below are
/// the shapes the generator emits for collections; a collection of strings is rebuilt (keys of a
/// dictionary cannot be replaced in place), sized to its count.
/// </summary>
internal abstract class StringPool
{
    /// <summary>The pool's copy of <paramref name="value"/>, or the value itself.</summary>
    public abstract string? Share(string? value);

    /// <summary>The pool's copy of a kept-as-text JSON value (a managedFields entry's fieldsV1), or the value itself.</summary>
    public abstract RawJson? Share(RawJson? value);

    /// <summary>Shares the strings of a nested model (one that implements <see cref="IShareStrings"/>; others are left alone).</summary>
    public void Walk(object? model)
    {
        if (model is IShareStrings nested) nested.ShareStrings(this);
    }

    public void WalkAll<T>(IEnumerable<T>? models)
        where T : class
    {
        if (models is null) return;
        foreach (var model in models)
        {
            if (model is IShareStrings nested) nested.ShareStrings(this);
        }
    }

    public void ShareAll(List<string>? values)
    {
        if (values is null) return;
        for (int i = 0; i < values.Count; i++) values[i] = Share(values[i])!;
    }

    /// <summary>The map with shared keys and values: a new dictionary of the same comparer (the original when empty).</summary>
    public Dictionary<string, string>? ShareMap(Dictionary<string, string>? map)
    {
        if (map is not { Count: > 0 }) return map;
        var shared = new Dictionary<string, string>(map.Count, map.Comparer);
        foreach (var pair in map) shared[Share(pair.Key)!] = Share(pair.Value)!;
        return shared;
    }

    /// <summary>The map with shared keys (values kept; a model value is walked): a new dictionary of the same comparer.</summary>
    public Dictionary<string, T>? ShareKeys<T>(Dictionary<string, T>? map)
    {
        if (map is not { Count: > 0 }) return map;
        var shared = new Dictionary<string, T>(map.Count, map.Comparer);
        foreach (var pair in map)
        {
            if (pair.Value is IShareStrings nested) nested.ShareStrings(this);
            shared[Share(pair.Key)!] = pair.Value;
        }
        return shared;
    }
}
