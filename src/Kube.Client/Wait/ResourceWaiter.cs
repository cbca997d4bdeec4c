using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;

namespace Kube.Client.Wait;

/// <summary>
/// Waits, through an informer (a list and a watch, never polling), until an object meets a
/// <see cref="WaitCondition"/>. The informer is best scoped to the one object (a field selector on
/// metadata.name); the waiter starts it, stops it when done, and reports every state it sees.
/// </summary>
public static class ResourceWaiter
{
    /// <summary>
    /// Runs <paramref name="informer"/> (not yet started) until the object of <paramref name="key"/>
    /// ("namespace/name" or "name") meets <paramref name="condition"/>, and returns its state then
    /// (null when the condition is deletion). <paramref name="observed"/> gets each state seen (null:
    /// absent), from the informer's handler thread, one at a time.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public static Task<Unstructured?> WaitAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        WaitCondition condition,
        Action<Unstructured?>? observed,
        CancellationToken cancellationToken)
    {
        if (condition is null) throw new ArgumentNullException(nameof(condition));
        return WaitAsync(informer, key, current =>
        {
            observed?.Invoke(current);
            return condition.IsMet(current?.Content);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="informer"/> (not yet started) and calls <paramref name="isDone"/> with the
    /// state of the object of <paramref name="key"/> after the first list and after each change (null:
    /// absent), one call at a time, until it returns true; returns that state. An exception from
    /// <paramref name="isDone"/> ends the wait and reaches the caller (a rollout that stalled, say).
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public static async Task<Unstructured?> WaitAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        Func<Unstructured?, bool> isDone,
        CancellationToken cancellationToken)
    {
        if (informer is null) throw new ArgumentNullException(nameof(informer));
        if (string.IsNullOrEmpty(key)) throw new ArgumentException("a key (namespace/name) is required", nameof(key));
        if (isDone is null) throw new ArgumentNullException(nameof(isDone));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var events = new InformerEventChannel<Unstructured>(informer, includeInitial: true);
        var running = informer.RunAsync(stop.Token);
        try
        {
            if (!await informer.WaitForCacheSyncAsync(stop.Token).ConfigureAwait(false))
                cancellationToken.ThrowIfCancellationRequested();
            // After the first list the cache says whether the object exists; each change after that is checked as it comes.
            while (true)
            {
                var current = informer.GetIndexer().GetByKey(key);
                if (isDone(current)) return current;
                bool changed = false;
                while (!changed)
                {
                    var change = await events.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
                    changed = CacheKeys.MetaNamespaceKey(change.Object) == key;
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
