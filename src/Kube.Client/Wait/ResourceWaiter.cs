using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;

namespace Kube.Client.Wait;

/// <summary>
/// Waits, through an informer (a list and a watch, never polling), until an object meets a
/// <see cref="WaitCondition"/>: the one implementation behind Wait-KubeResource and the -Wait of the
/// Remove cmdlets. The informer is best scoped to the one object (a field selector on
/// metadata.name). One not started yet is run for the wait and stopped after it; one already
/// running (shared, from an informer factory) is only listened to.
/// </summary>
public static class ResourceWaiter
{
    private static readonly TimeSpan StaleRecheck = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits until the object of <paramref name="key"/> ("namespace/name" or "name") meets
    /// <paramref name="condition"/>, and returns its state then (null when the condition is deletion).
    /// <paramref name="observed"/> gets each state seen (null: absent), from the informer's handler
    /// thread, one at a time.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public static Task<Unstructured?> WaitAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        WaitCondition condition,
        Action<Unstructured?>? observed,
        CancellationToken cancellationToken) =>
        WaitCoreAsync(informer, key, condition, observed, null, null, cancellationToken);

    /// <summary>
    /// Waits like <see cref="WaitAsync(SharedIndexInformer{Unstructured}, string, WaitCondition, Action{Unstructured}, CancellationToken)"/>
    /// for at most <paramref name="timeout"/>. <paramref name="lastSeen"/> gets what the condition sees in each
    /// state ("phase Pending", "still present (terminating)"), or the last list or watch error.
    /// </summary>
    /// <param name="what">The object for messages, such as "Deployment shop/web".</param>
    /// <exception cref="WaitTimeoutException">The timeout passed first; it says what was last seen.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public static Task<Unstructured?> WaitAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        string what,
        WaitCondition condition,
        TimeSpan timeout,
        Action<string>? lastSeen,
        CancellationToken cancellationToken) =>
        WaitAsync(informer, key, what, condition, timeout, lastSeen, null, cancellationToken);

    /// <summary>
    /// Waits like <see cref="WaitAsync(SharedIndexInformer{Unstructured}, string, string, WaitCondition, TimeSpan, Action{string}, CancellationToken)"/>
    /// on a shared informer, which may still hold a state older than the caller's last change: the object's state
    /// on the server is read first (<see cref="CacheFreshness.ReadAsync"/>), and no older state in the cache is judged.
    /// </summary>
    /// <param name="client">The object's resource, in its namespace (for a namespaced one).</param>
    /// <exception cref="WaitTimeoutException">The timeout passed first; it says what was last seen.</exception>
    /// <exception cref="Rest.KubeApiException">The server refused to list the object.</exception>
    public static async Task<Unstructured?> WaitOnSharedAsync(
        SharedIndexInformer<Unstructured> informer,
        Dynamic.DynamicResourceClient client,
        string name,
        string what,
        WaitCondition condition,
        TimeSpan timeout,
        Action<string>? lastSeen,
        CancellationToken cancellationToken)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        var freshness = await CacheFreshness.ReadAsync(client, name, cancellationToken).ConfigureAwait(false);
        string key = client.NamespaceName is null ? name : client.NamespaceName + "/" + name;
        return await WaitAsync(informer, key, what, condition, timeout, lastSeen, freshness, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits like the overload without <paramref name="notOlderThan"/>, judging only cached states no older than it
    /// (null: every state).
    /// </summary>
    public static async Task<Unstructured?> WaitAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        string what,
        WaitCondition condition,
        TimeSpan timeout,
        Action<string>? lastSeen,
        CacheFreshness? notOlderThan,
        CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "the timeout must be positive");
        string seen = "nothing yet (the first list has not returned)";
        void See(string text)
        {
            Volatile.Write(ref seen, text);
            lastSeen?.Invoke(text);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await WaitCoreAsync(informer, key, condition, obj => See(condition.Describe(obj?.Content)),
                e => See($"an error from the server: {e.Message}"), notOlderThan, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new WaitTimeoutException(what, key, condition, timeout, Volatile.Read(ref seen));
        }
    }

    private static async Task<Unstructured?> WaitCoreAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        WaitCondition condition,
        Action<Unstructured?>? observed,
        Action<Exception>? watchError,
        CacheFreshness? notOlderThan,
        CancellationToken cancellationToken)
    {
        if (condition is null) throw new ArgumentNullException(nameof(condition));
        if (informer is null) throw new ArgumentNullException(nameof(informer));
        using var errors = watchError is null ? null : informer.AddWatchErrorListener(watchError);
        return await WaitLoopAsync(informer, key, current =>
        {
            observed?.Invoke(current);
            return condition.IsMet(current?.Content);
        }, notOlderThan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="informer"/> if it is not running yet (one already running, such as a shared one,
    /// is only listened to and keeps running) and calls <paramref name="isDone"/> with the
    /// state of the object of <paramref name="key"/> after the first list and after each change (null:
    /// absent), one call at a time, until it returns true; returns that state. An exception from
    /// <paramref name="isDone"/> ends the wait and reaches the caller (a rollout that stalled, say).
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public static Task<Unstructured?> WaitAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        Func<Unstructured?, bool> isDone,
        CancellationToken cancellationToken) =>
        WaitLoopAsync(informer, key, isDone, null, cancellationToken);

    private static async Task<Unstructured?> WaitLoopAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        Func<Unstructured?, bool> isDone,
        CacheFreshness? notOlderThan,
        CancellationToken cancellationToken)
    {
        if (informer is null) throw new ArgumentNullException(nameof(informer));
        if (string.IsNullOrEmpty(key)) throw new ArgumentException("a key (namespace/name) is required", nameof(key));
        if (isDone is null) throw new ArgumentNullException(nameof(isDone));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var events = new InformerEventChannel<Unstructured>(informer, includeInitial: true);
        // An informer someone else runs (a shared one) is theirs to stop.
        Task running = informer.IsStarted ? Task.CompletedTask : informer.RunAsync(stop.Token);
        try
        {
            if (!await informer.WaitForCacheSyncAsync(stop.Token).ConfigureAwait(false))
            {
                stop.Token.ThrowIfCancellationRequested();
                throw new InvalidOperationException($"the informer of {informer.Name} stopped before the wait for {key} was over");
            }
            // Once the first list is in, the cache says whether the object exists; each change after that is checked as it comes.
            while (true)
            {
                var current = informer.GetIndexer().GetByKey(key);
                bool fresh = notOlderThan is null || notOlderThan.IsFresh(current, informer.LastSyncResourceVersion);
                if (fresh && isDone(current)) return current;
                bool changed = false;
                while (!changed)
                {
                    if (fresh)
                    {
                        var change = await events.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
                        changed = CacheKeys.MetaNamespaceKey(change.Object) == key;
                        continue;
                    }
                    // A cache older than the server's state is looked at again now and then as well: the informer's
                    // version (which says a deletion was seen) is set after the cache changes, so no event may follow.
                    using var recheck = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    recheck.CancelAfter(StaleRecheck);
                    try
                    {
                        var change = await events.Reader.ReadAsync(recheck.Token).ConfigureAwait(false);
                        changed = CacheKeys.MetaNamespaceKey(change.Object) == key;
                    }
                    catch (OperationCanceledException) when (!stop.Token.IsCancellationRequested)
                    {
                        changed = true;
                    }
                }
                // Drain what is queued already, so the check uses the newest state.
                while (events.Reader.TryRead(out _)) { }
            }
        }
        catch (System.Threading.Channels.ChannelClosedException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            stop.Cancel();
            await running.ConfigureAwait(false);
        }
    }
}
