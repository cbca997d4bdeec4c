using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models;

namespace Kube.Client.Labels;

/// <summary>
/// A label selector (apimachinery's labels.Selector): requirements that all must hold. Parse the
/// syntax of <c>kubectl -l</c> and <c>?labelSelector=</c> with <see cref="Parse"/>, or convert a
/// <see cref="Models.MetaV1.LabelSelector"/> from a spec with <see cref="FromLabelSelector"/>;
/// then <see cref="Matches(IReadOnlyDictionary{string, string}?)"/> decides as the API server does.
/// Immutable and thread-safe.
/// </summary>
public sealed class Selector : IEquatable<Selector>
{
    private readonly Requirement[] _requirements;
    private readonly bool _nothing;

    public Selector(IEnumerable<Requirement> requirements)
        : this((requirements ?? throw new ArgumentNullException(nameof(requirements))).ToArray(), nothing: false)
    {
    }

    private Selector(Requirement[] requirements, bool nothing)
    {
        // Sorted by key, as the server orders them, so equal selectors print alike.
        _requirements = requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        _nothing = nothing;
    }

    /// <summary>The selector with no requirements: it matches every object.</summary>
    public static Selector Everything { get; } = new(Array.Empty<Requirement>(), nothing: false);

    /// <summary>A selector that matches no object (what a null <see cref="Models.MetaV1.LabelSelector"/> selects).</summary>
    public static Selector Nothing { get; } = new(Array.Empty<Requirement>(), nothing: true);

    public IReadOnlyList<Requirement> Requirements => _requirements;

    /// <summary>True for <see cref="Everything"/>: no requirement, so every object matches.</summary>
    public bool IsEmpty => _requirements.Length == 0 && !_nothing;

    /// <summary>
    /// Parses a selector such as <c>app=web,tier in (front,back),!canary</c>. Empty or blank text is
    /// <see cref="Everything"/>.
    /// </summary>
    /// <exception cref="FormatException">The text is not a selector the server would accept; the message says why.</exception>
    public static Selector Parse(string? selector)
    {
        if (selector is null || selector.Trim().Length == 0) return Everything;
        return new Selector(SelectorParser.Parse(selector).ToArray(), nothing: false);
    }

    public static bool TryParse(string? selector, out Selector result)
    {
        try
        {
            result = Parse(selector);
            return true;
        }
        catch (FormatException)
        {
            result = Nothing;
            return false;
        }
    }

    /// <summary>A selector that requires each label of <paramref name="labels"/> to have its value (labels.SelectorFromSet).</summary>
    /// <exception cref="ArgumentException">A key or value is not a valid label key or value.</exception>
    public static Selector FromSet(IEnumerable<KeyValuePair<string, string>> labels)
    {
        if (labels is null) throw new ArgumentNullException(nameof(labels));
        return new Selector(labels.Select(l => new Requirement(l.Key, SelectorOperator.Equals, new[] { l.Value })).ToArray(), nothing: false);
    }

    /// <summary>
    /// The selector a spec's <see cref="Models.MetaV1.LabelSelector"/> means (metav1.LabelSelectorAsSelector):
    /// null selects nothing, an empty one everything; matchLabels and matchExpressions (In, NotIn,
    /// Exists, DoesNotExist) must all hold.
    /// </summary>
    /// <exception cref="ArgumentException">An operator is not one of the four, or a key or value is invalid.</exception>
    public static Selector FromLabelSelector(Models.MetaV1.LabelSelector? selector)
    {
        if (selector is null) return Nothing;
        var requirements = new List<Requirement>();
        if (selector.MatchLabels is { } matchLabels)
            foreach (var pair in matchLabels)
                requirements.Add(new Requirement(pair.Key, SelectorOperator.Equals, new[] { pair.Value }));
        if (selector.MatchExpressions is { } expressions)
        {
            foreach (var expression in expressions)
            {
                var op = expression.Operator switch
                {
                    "In" => SelectorOperator.In,
                    "NotIn" => SelectorOperator.NotIn,
                    "Exists" => SelectorOperator.Exists,
                    "DoesNotExist" => SelectorOperator.DoesNotExist,
                    _ => throw new ArgumentException($"\"{expression.Operator}\" is not a label selector operator (expected In, NotIn, Exists or DoesNotExist) in the expression on \"{expression.Key}\"", nameof(selector)),
                };
                requirements.Add(new Requirement(expression.Key ?? "", op, expression.Values));
            }
        }
        return new Selector(requirements.ToArray(), nothing: false);
    }

    /// <summary>Whether labels meet every requirement; null means no labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_nothing) return false;
        foreach (var requirement in _requirements)
            if (!requirement.Matches(labels)) return false;
        return true;
    }

    /// <summary>Whether the labels of <paramref name="obj"/> (a typed model or an <see cref="Unstructured"/>) match.</summary>
    public bool MatchesLabelsOf(object obj) => Matches(ObjectMetaAccessor.For(obj).Labels);

    /// <summary>The selector in the server's syntax, for <c>ListOptions.LabelSelector</c>; empty for <see cref="Everything"/>.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    public bool Equals(Selector? other) =>
        other is not null && _nothing == other._nothing && _requirements.SequenceEqual(other._requirements);

    public override bool Equals(object? obj) => obj is Selector other && Equals(other);

    public override int GetHashCode() => ToString().GetHashCode() ^ (_nothing ? 1 : 0);
}
