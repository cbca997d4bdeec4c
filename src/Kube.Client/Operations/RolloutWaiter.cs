using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Wait;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl rollout status: follows one object through a list and a watch (never polling) and judges
/// each state it takes by <see cref="RolloutStatusViewer"/>'s rules until the rollout is done.
/// </summary>
public static class RolloutWaiter
{
    /// <summary>
    /// Waits until the rollout of the object of <paramref name="key"/> ("namespace/name") is done and
    /// returns that state of it. <paramref name="informer"/> (not yet started) is run and stopped here,
    /// and is best scoped to the one object. <paramref name="observed"/> gets each status judged.
    /// </summary>
    /// <param name="revision">For a Deployment, the revision to wait for (kubectl's --revision); 0 for the current one.</param>
    /// <param name="minimumGeneration">States of the object older than this metadata.generation are not judged: an informer
    /// that was already running (shared) may not have seen a change just made, and its older state may read as a rollout
    /// complete. Give the generation the server returned for that change, or one read just now; 0 judges every state.</param>
    /// <exception cref="RolloutException">The rollout stalled (the Deployment's progress deadline passed), moved to another revision,
    /// has no rollout (OnDelete), or the object is gone.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first (a timeout, say).</exception>
    public static async Task<Unstructured> WaitAsync(
        SharedIndexInformer<Unstructured> informer,
        string key,
        long revision,
        long minimumGeneration,
        Action<RolloutStatus>? observed,
        CancellationToken cancellationToken)
    {
        bool seen = false;
        var done = await ResourceWaiter.WaitAsync(informer, key, current =>
        {
            if (current is null)
                throw new RolloutException(RolloutFailure.Deleted, seen ? $"{key} was deleted while its rollout was followed" : $"{key} does not exist");
            seen = true;
            if ((current.Generation ?? 0) < minimumGeneration) return false;
            var status = RolloutStatusViewer.Status(current, revision);
            observed?.Invoke(status);
            return status.Done;
        }, cancellationToken).ConfigureAwait(false);
        return done!;
    }

    /// <summary>
    /// <see cref="WaitAsync(SharedIndexInformer{Unstructured}, string, long, long, Action{RolloutStatus}, CancellationToken)"/>
    /// on an informer that was already running (shared), which may not yet have seen a change just made: the object's
    /// generation is read first (one GET through <paramref name="client"/>, scoped to its namespace), and no older state is judged.
    /// </summary>
    /// <exception cref="RolloutException">As the other overloads; <see cref="RolloutFailure.Deleted"/> when the object does not exist.</exception>
    public static async Task<Unstructured> WaitOnSharedAsync(
        SharedIndexInformer<Unstructured> informer,
        DynamicResourceClient client,
        string name,
        long revision,
        Action<RolloutStatus>? observed,
        CancellationToken cancellationToken)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        string key = client.NamespaceName + "/" + name;
        long generation;
        try
        {
            generation = (await client.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false)).Generation ?? 0;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            throw new RolloutException(RolloutFailure.Deleted, $"{key} does not exist");
        }
        return await WaitAsync(informer, key, revision, generation, observed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="WaitAsync(SharedIndexInformer{Unstructured}, string, long, long, Action{RolloutStatus}, CancellationToken)"/>
    /// on an informer of its own, scoped to the object by a field selector on its name (a new informer lists the
    /// object as it is now, so every state it sees is judged).
    /// </summary>
    public static Task<Unstructured> WaitAsync(
        DynamicClient dynamic,
        RolloutKind kind,
        string @namespace,
        string name,
        long revision = 0,
        Action<RolloutStatus>? observed = null,
        CancellationToken cancellationToken = default)
    {
        if (dynamic is null) throw new ArgumentNullException(nameof(dynamic));
        if (string.IsNullOrEmpty(@namespace)) throw new ArgumentException($"a {kind} is namespaced: name its namespace", nameof(@namespace));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"a name is required to follow a {kind}'s rollout", nameof(name));
        var client = dynamic.Resource(kind.Resource()).Namespace(@namespace);
        var informer = new SharedIndexInformer<Unstructured>(new DynamicListerWatcher(client, new ListWatchScope { FieldSelector = "metadata.name=" + name }));
        return WaitAsync(informer, @namespace + "/" + name, revision, minimumGeneration: 0, observed, cancellationToken);
    }
}
