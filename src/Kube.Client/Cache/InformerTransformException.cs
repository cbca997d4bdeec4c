using System;

namespace Kube.Client.Cache;

/// <summary>
/// An informer's transform threw or returned null for an object; the object went into the cache as it
/// came. Reported to <see cref="SharedIndexInformerOptions.OnHandlerException"/>.
/// </summary>
public sealed class InformerTransformException : Exception
{
    public InformerTransformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
