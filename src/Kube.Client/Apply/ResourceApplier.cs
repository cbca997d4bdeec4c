using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Apply;

/// <summary>
/// Server-side apply of one object that also says what it did (created, configured, unchanged):
/// it reads the object first (a 404 means the apply creates it), applies, and compares, as
/// <see cref="ApplyResultClassifier"/> documents. The read costs one GET per object.
/// </summary>
public static class ResourceApplier
{
    /// <exception cref="KubeApiException">The apply failed; a 409 with FieldManagerConflict causes is a conflict (<see cref="ApplyConflicts"/>).</exception>
    public static async Task<ApplyResult> ApplyAsync(DynamicResourceClient client, Unstructured obj, ApplyOptions options, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrEmpty(obj.Name))
            throw new ArgumentException($"the {obj.Describe()} has no metadata.name to apply", nameof(obj));

        Unstructured? before;
        try
        {
            before = await client.GetAsync(obj.Name!, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            before = null;
        }
        var after = await client.ApplyAsync(obj, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ApplyResult(ApplyResultClassifier.Classify(before, after, options.DryRun), after);
    }
}
