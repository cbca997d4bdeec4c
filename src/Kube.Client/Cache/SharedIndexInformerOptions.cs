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
    /// labels, annotations, managedFields, and every short string of the spec and status: container
    /// names, images, env names, paths, condition types...); a string joins the pool when it is seen a
    /// second time, so values unique to one object never fill it. On by default, as it cuts the
    /// cache's memory. Handlers see the same values either way.
    /// </summary>
    public bool ShareStrings { get; set; } = true;

    /// <summary>
    /// Changes each object before it enters the cache (client-go's TransformFunc): adds, updates,
    /// deletes and relists pass through it, and handlers and the cache see only its result. It gets
    /// the informer's own copy and may change it in place and return it, or return another object of
    /// the informer's type; it must not return null. What it throws goes to <see cref="OnHandlerException"/>
    /// as an <see cref="InformerTransformException"/>, and the object is cached as it came. Takes
    /// <c>object</c> so that one transform serves every informer of a factory; see
    /// <see cref="ObjectTransforms.DropManagedFields"/>. Null (the default): objects are cached as they come.
    /// </summary>
    public Func<object, object>? Transform { get; set; }

    public SharedIndexInformerOptions Clone() => new()
    {
        Transform = Transform,
        Reflector = Reflector?.Clone(),
        OnHandlerException = OnHandlerException,
        ShareStrings = ShareStrings,
    };
}
