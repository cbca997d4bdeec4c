using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Kube.Client.Cache;
using Kube.Client.Schema;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Completion;

/// <summary>
/// Object names for completion from the context's shared informers: the first completion of a kind
/// and namespace lists it (within the completion's time budget), later ones read the informer's
/// cache, kept current by its watch, without a request.
/// </summary>
internal static class CompletionCache
{
    /// <summary>The names of the objects of <paramref name="resource"/> in <paramref name="namespace"/> (all namespaces: null); empty when the first list is not in within the budget.</summary>
    public static IReadOnlyList<string> Names(KubeConnection connection, GroupVersionResource resource, bool namespaced, string? @namespace, CancellationToken cancellationToken)
    {
        using var lease = connection.Informers.Acquire(resource, namespaced, new InformerScope(@namespace));
        if (!lease.Informer.WaitForCacheSyncAsync(cancellationToken).GetAwaiter().GetResult()) return Array.Empty<string>();
        return lease.Informer.GetIndexer().List().Select(o => o.Name ?? "").Where(n => n.Length > 0).ToList();
    }
}
