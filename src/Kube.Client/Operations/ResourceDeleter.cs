using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Wait;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl delete --wait, in two steps so that a command can delete many objects first and wait for
/// them after: <see cref="DeleteAsync"/> deletes one object (reading its uid first when it will be
/// waited for), and <see cref="WaitGoneAsync(SharedIndexInformer{Unstructured}, DeletedObject, string, TimeSpan, Action{string}, CancellationToken)"/>
/// waits, through <see cref="ResourceWaiter"/>, until that object is gone. A new object made under the
/// same name meanwhile has another uid and does not hold the wait up.
/// </summary>
public static class ResourceDeleter
{
    /// <summary>The options of kubectl delete's flags: --cascade as a propagation policy (Foreground, Background, Orphan), --grace-period, --dry-run=server.</summary>
    public static DeleteOptions Options(string? propagationPolicy, long? gracePeriodSeconds, bool dryRun) => new()
    {
        PropagationPolicy = propagationPolicy,
        GracePeriodSeconds = gracePeriodSeconds,
        DryRun = dryRun ? new List<string> { "All" } : null,
    };

    /// <summary>Deletes the object <paramref name="name"/>; with <paramref name="readUid"/> (and no dry run) reads its uid first.</summary>
    /// <exception cref="Rest.KubeApiException">404 when there is no such object (the uid read or the delete).</exception>
    public static async Task<DeletedObject> DeleteAsync(DynamicResourceClient client, string name, DeleteOptions? options, bool readUid, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"a name is required to delete a {client.Resource.GroupResource}", nameof(name));
        string? uid = null;
        bool dryRun = options?.DryRun is { Count: > 0 };
        if (readUid && !dryRun)
            uid = (await client.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false)).Uid;
        await client.DeleteAsync(name, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DeletedObject(client, name, uid);
    }

    /// <summary>
    /// Waits until <paramref name="deleted"/> is gone (absent, or replaced by another object of that name),
    /// through <paramref name="informer"/>: one that holds the object (best scoped to its name), running
    /// already (shared) or not yet started (run for the wait).
    /// </summary>
    /// <param name="what">The object for messages, such as "ConfigMap/app in namespace team-a".</param>
    /// <param name="lastSeen">Gets what each state seen says ("still present (terminating, finalizers x)").</param>
    /// <exception cref="WaitTimeoutException">It was still there after <paramref name="timeout"/>.</exception>
    public static Task WaitGoneAsync(SharedIndexInformer<Unstructured> informer, DeletedObject deleted, string what, TimeSpan timeout,
        Action<string>? lastSeen, CancellationToken cancellationToken = default)
    {
        if (deleted is null) throw new ArgumentNullException(nameof(deleted));
        return ResourceWaiter.WaitAsync(informer, deleted.Key, what, WaitCondition.DeletedObject(deleted.Uid), timeout, lastSeen, cancellationToken);
    }

    /// <summary>Waits like the overload above through an informer of its own on the one object, made and stopped here.</summary>
    public static Task WaitGoneAsync(DeletedObject deleted, TimeSpan timeout, Action<string>? lastSeen, CancellationToken cancellationToken = default)
    {
        if (deleted is null) throw new ArgumentNullException(nameof(deleted));
        var informer = new SharedIndexInformer<Unstructured>(new DynamicListerWatcher(deleted.Client, new ListWatchScope { FieldSelector = "metadata.name=" + deleted.Name }));
        return WaitGoneAsync(informer, deleted, deleted.ToString(), timeout, lastSeen, cancellationToken);
    }
}
