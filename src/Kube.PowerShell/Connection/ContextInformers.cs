using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Typed;

namespace Kube.PowerShell.Connection;

/// <summary>
/// The one shared informer factory of a context's connection, typed and dynamic, from which
/// Watch-KubeResource, Wait-KubeResource, Start-KubeController and argument completion draw their
/// informers: two commands that watch the same kind in the same scope hold one list and one watch.
/// </summary>
/// <remarks>
/// <para>A command takes a <see cref="InformerLease{T}"/> (started, perhaps synced already) and disposes it
/// when done. An informer no lease holds keeps running for <see cref="IdleTime"/>, so that the next
/// command or completion finds its cache warm, and is then stopped and dropped; nothing watches forever
/// for a command long gone.</para>
/// <para>An informer whose first list never succeeded (Forbidden, say) stops with its last lease.</para>
/// <para>When the connection is replaced (its kubeconfig changed, so the context may be gone or different),
/// each informer stops as soon as no command holds it (<see cref="Retire"/>). When the module is removed,
/// or <see cref="KubeConnectionCache.Clear"/> is called, everything stops at once.</para>
/// </remarks>
public sealed class ContextInformers : IAsyncDisposable
{
    /// <summary>How long an informer nobody uses keeps running before it stops.</summary>
    public static readonly TimeSpan IdleTime = TimeSpan.FromMinutes(2);

    private readonly SharedInformerFactory _factory;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _lock = new();
    private readonly Dictionary<object, Holders> _holders = new();
    private bool _disposed;
    private bool _retired;

    public ContextInformers(RestClient rest)
    {
        // managedFields are dropped on the way in (as kubectl hides them): no cmdlet reads them, and they
        // would be the larger part of a small cached object such as a ConfigMap.
        _factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions
        {
            InformerOptions = new SharedIndexInformerOptions { Transform = ObjectTransforms.DropManagedFields },
        });
    }

    /// <summary>The informer of any kind in <paramref name="scope"/>, running.</summary>
    /// <exception cref="ArgumentException">The scope's label selector does not parse.</exception>
    /// <exception cref="ObjectDisposedException">The connection was dropped.</exception>
    public InformerLease<Unstructured> Acquire(RestMapping mapping, InformerScope scope) =>
        Acquire(mapping.Resource, mapping.Namespaced, scope);

    /// <summary>The informer of a resource in <paramref name="scope"/> (its namespace ignored when <paramref name="namespaced"/> is false), running.</summary>
    /// <exception cref="ArgumentException">The scope's label selector does not parse.</exception>
    /// <exception cref="ObjectDisposedException">The connection was dropped.</exception>
    public InformerLease<Unstructured> Acquire(GroupVersionResource resource, bool namespaced, InformerScope scope) =>
        Acquire(() => _factory.ForResource(resource, namespaced, scope));

    /// <summary>The informer of a typed resource in <paramref name="scope"/>, running.</summary>
    /// <exception cref="ObjectDisposedException">The connection was dropped.</exception>
    public InformerLease<T> Acquire<T, TList>(ResourceDescriptor<T, TList> descriptor, InformerScope scope)
        where T : class, IKubeResource
        where TList : class, IKubeList<T> =>
        Acquire(() => _factory.InformerFor(descriptor, scope));

    /// <summary>The informers running now (held, or idle and kept warm), for diagnostics.</summary>
    public IReadOnlyList<InformerUse> Snapshot()
    {
        lock (_lock)
        {
            var uses = new List<InformerUse>(_holders.Count);
            foreach (var holders in _holders.Values) uses.Add(holders.Describe(holders.Count));
            return uses;
        }
    }

    private InformerLease<T> Acquire<T>(Func<SharedIndexInformer<T>> get)
        where T : class
    {
        lock (_lock)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(ContextInformers), "the informers of this connection were stopped (the module was removed)");
            var informer = get();
            if (!_holders.TryGetValue(informer, out var holders))
            {
                holders = new Holders(() => _factory.RemoveAsync(informer), leases => new InformerUse(informer.Name, leases, informer.Statistics.Lists, informer.Statistics.Watches));
                _holders.Add(informer, holders);
            }
            holders.Count++;
            _factory.Start(_lifetime.Token);
            return new InformerLease<T>(informer, () => Release(informer, holders));
        }
    }

    /// <summary>
    /// The connection was replaced (its kubeconfig changed): informers no command holds stop now, the
    /// others as soon as their last lease is returned. New leases are still given (to commands that
    /// got the connection before it was replaced).
    /// </summary>
    public void Retire()
    {
        var stopping = new List<Task>();
        lock (_lock)
        {
            if (_disposed || _retired) return;
            _retired = true;
            foreach (var entry in new List<KeyValuePair<object, Holders>>(_holders))
                if (entry.Value.Count == 0) stopping.Add(Forget(entry.Key, entry.Value));
        }
        _ = Task.WhenAll(stopping);
    }

    private void Release<T>(SharedIndexInformer<T> informer, Holders holders)
        where T : class
    {
        int generation;
        lock (_lock)
        {
            if (--holders.Count > 0 || _disposed) return;
            // Retired, or never listed (a refusal such as Forbidden that the last command gave up on): not kept warm.
            if (_retired || !informer.HasSynced)
            {
                _ = Forget(informer, holders);
                return;
            }
            generation = ++holders.Generation;
        }
        _ = StopWhenIdleAsync(informer, holders, generation);
    }

    private async Task StopWhenIdleAsync<T>(SharedIndexInformer<T> informer, Holders holders, int generation)
        where T : class
    {
        try
        {
            await Task.Delay(IdleTime, _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        Task stopping;
        lock (_lock)
        {
            // Taken again meanwhile (and perhaps released again, which started a later countdown): it stays.
            if (holders.Count > 0 || holders.Generation != generation || _disposed || !_holders.ContainsKey(informer)) return;
            stopping = Forget(informer, holders);
        }
        await stopping.ConfigureAwait(false);
    }

    /// <summary>
    /// Drops an informer no lease holds, under the lock: the factory forgets it before the lock is left, so
    /// no command is handed the informer being stopped; the task completes once it has stopped.
    /// </summary>
    private Task Forget(object informer, Holders holders)
    {
        _holders.Remove(informer);
        return holders.Stop();
    }

    /// <summary>Stops every informer and waits until they have stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _holders.Clear();
        }
        _lifetime.Cancel();
        await _factory.ShutdownAsync().ConfigureAwait(false);
    }

    private sealed class Holders
    {
        public Holders(Func<Task> stop, Func<int, InformerUse> describe)
        {
            Stop = stop;
            Describe = describe;
        }

        public Func<int, InformerUse> Describe { get; }

        /// <summary>Stops the informer and makes the factory forget it.</summary>
        public Func<Task> Stop { get; }

        /// <summary>Leases out now.</summary>
        public int Count;

        /// <summary>Counts the times the last lease was returned; an idle countdown stops the informer only if it is still the latest.</summary>
        public int Generation;
    }
}
