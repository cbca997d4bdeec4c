using System;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Cache;

/// <summary>The scope and defaults of every informer a <see cref="SharedInformerFactory"/> makes.</summary>
public sealed class SharedInformerFactoryOptions
{
    /// <summary>The namespace of namespaced resources; null or empty for all namespaces.</summary>
    public string? Namespace { get; set; }

    /// <summary>The resync period of handlers added without one (zero: no resync).</summary>
    public TimeSpan DefaultResync { get; set; }

    /// <summary>A label selector every list and watch carries, such as "app=web" (checked when an informer is made).</summary>
    public string? LabelSelector { get; set; }

    /// <summary>A field selector every list and watch carries, such as "metadata.name=x".</summary>
    public string? FieldSelector { get; set; }

    /// <summary>Changes to every list and watch request (client-go's WithTweakListOptions), after the selectors.</summary>
    public Action<ListOptions>? TweakListOptions { get; set; }

    /// <summary>Options of every informer (reflector tunables, handler exception sink).</summary>
    public SharedIndexInformerOptions? InformerOptions { get; set; }

    /// <summary>
    /// Dynamic (<see cref="SharedInformerFactory.ForResource(Schema.GroupVersionResource, bool, InformerScope?)"/>) informers
    /// list and watch the server's table rendering too, so each object carries its row (kubectl's
    /// columns, <see cref="Printing.TableRows.Of"/>); the objects are the same.
    /// </summary>
    public bool WithRows { get; set; }

    public SharedInformerFactoryOptions Clone() => new()
    {
        Namespace = Namespace,
        DefaultResync = DefaultResync,
        LabelSelector = LabelSelector,
        FieldSelector = FieldSelector,
        TweakListOptions = TweakListOptions,
        InformerOptions = InformerOptions?.Clone(),
        WithRows = WithRows,
    };
}
