using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Retry;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl replace: puts a whole object in place of the stored one. An object that carries a
/// resourceVersion is an optimistic update (409 Conflict when the stored object changed since it was
/// read: that conflict is the caller's). One without a resourceVersion means "whatever is stored":
/// it takes the stored version and, when a controller writes the object between that read and the
/// update, reads it again and retries (that conflict is not the caller's).
/// </summary>
public static class ResourceReplacer
{
    /// <summary>Replaces the object <paramref name="obj"/> names; returns what the server stored.</summary>
    /// <param name="obj">The whole object; without metadata.resourceVersion, it gets the stored one (the object is changed).</param>
    /// <exception cref="ArgumentException">The object has no metadata.name, or names another namespace than the client's.</exception>
    /// <exception cref="Rest.KubeApiException">404 when there is nothing to replace; 409 when the caller's resourceVersion is out of date.</exception>
    public static Task<Unstructured> ReplaceAsync(DynamicResourceClient client, Unstructured obj, UpdateOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        if (string.IsNullOrEmpty(obj.Name)) throw new ArgumentException($"the {obj.Describe()} has no metadata.name to replace", nameof(obj));
        if (!string.IsNullOrEmpty(obj.ResourceVersion)) return client.UpdateAsync(obj, options, cancellationToken: cancellationToken);
        return ConflictRetry.RetryOnConflictAsync(async ct =>
        {
            var stored = await client.GetAsync(obj.Name!, cancellationToken: ct).ConfigureAwait(false);
            obj.SetNestedField(stored.ResourceVersion, "metadata", "resourceVersion");
            return await client.UpdateAsync(obj, options, cancellationToken: ct).ConfigureAwait(false);
        }, cancellationToken: cancellationToken);
    }
}
