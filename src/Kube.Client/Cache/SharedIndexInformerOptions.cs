using System;

namespace Kube.Client.Cache;

/// <summary>Tunables of a <see cref="SharedIndexInformer{T}"/>.</summary>
public sealed class SharedIndexInformerOptions
{
    /// <summary>Options of the informer's reflector (page size, watch timeout, backoff); client-go's by default.</summary>
    public ReflectorOptions? Reflector { get; set; }

    /// <summary>
    /// Gets what event handlers and index functions throw; the informer carries on with the next
    /// notification. By default it goes to trace output.
    /// </summary>
    public Action<Exception>? OnHandlerException { get; set; }

    /// <summary>
    /// Whether cached objects share the strings that repeat across them (apiVersion, kind, namespace,
    /// label and annotation keys, short label values, managedFields); on by default, as it cuts the
    /// cache's memory. Handlers see the same values either way.
    /// </summary>
    public bool ShareStrings { get; set; } = true;

    public SharedIndexInformerOptions Clone() => new()
    {
        Reflector = Reflector?.Clone(),
        OnHandlerException = OnHandlerException,
        ShareStrings = ShareStrings,
    };
}
