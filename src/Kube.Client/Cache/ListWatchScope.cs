using System;
using Kube.Client.Labels;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Cache;

/// <summary>
/// The selectors and option tweaks a lister-watcher adds to every list and watch it makes
/// (client-go's tweakListOptions). The namespace is the client's.
/// </summary>
public sealed class ListWatchScope
{
    /// <summary>A label selector such as "app=web,tier!=db"; checked when the scope is applied.</summary>
    public string? LabelSelector { get; set; }

    /// <summary>A field selector such as "metadata.name=x" (the server checks it).</summary>
    public string? FieldSelector { get; set; }

    /// <summary>Changes to every list and watch request, applied after the selectors.</summary>
    public Action<ListOptions>? TweakListOptions { get; set; }

    /// <summary>Checks the label selector now, so a bad one fails at construction with a clear message.</summary>
    /// <exception cref="ArgumentException">The label selector does not parse.</exception>
    internal ListWatchScope Validated()
    {
        if (!string.IsNullOrWhiteSpace(LabelSelector))
        {
            try
            {
                Selector.Parse(LabelSelector);
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message, nameof(LabelSelector), e);
            }
        }
        return new ListWatchScope { LabelSelector = LabelSelector, FieldSelector = FieldSelector, TweakListOptions = TweakListOptions };
    }

    internal ListOptions Apply(ListOptions options)
    {
        var scoped = options.Clone();
        if (!string.IsNullOrWhiteSpace(LabelSelector)) scoped.LabelSelector = LabelSelector;
        if (!string.IsNullOrWhiteSpace(FieldSelector)) scoped.FieldSelector = FieldSelector;
        TweakListOptions?.Invoke(scoped);
        return scoped;
    }

    public override string ToString()
    {
        string labels = string.IsNullOrWhiteSpace(LabelSelector) ? "" : $" labels \"{LabelSelector}\"";
        string fields = string.IsNullOrWhiteSpace(FieldSelector) ? "" : $" fields \"{FieldSelector}\"";
        return (labels + fields).Trim();
    }
}
