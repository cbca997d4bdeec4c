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

    public SharedIndexInformerOptions Clone() => new()
    {
        Reflector = Reflector?.Clone(),
        OnHandlerException = OnHandlerException,
    };
}
