using System;
using System.Collections.Generic;
using Kube.Client.Cache;

namespace Kube.Client.Tests.Fakes;

/// <summary>
/// Options for reflectors and informers over <see cref="FakeApiServer"/>: a failed list or watch is
/// retried after milliseconds, not client-go's 800 ms and more, so fault tests run quickly.
/// </summary>
public static class FastRetries
{
    public static ReflectorOptions Reflector() => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
    };

    /// <param name="handlerErrors">Collects what handlers throw; null keeps the informer's default (logged).</param>
    /// <param name="transform">The informer's transform (client-go's SetTransform), if any.</param>
    public static SharedIndexInformerOptions Informer(List<Exception>? handlerErrors = null, Func<object, object>? transform = null) => new()
    {
        Reflector = Reflector(),
        OnHandlerException = handlerErrors is null ? null : e => { lock (handlerErrors) handlerErrors.Add(e); },
        Transform = transform,
    };
}
