using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.AutoscalingV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Retry;
using Kube.Client.Schema;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl scale: changes the replica count of any object through its scale subresource
/// (Deployments, ReplicaSets, StatefulSets, ReplicationControllers, custom resources whose CRD
/// enables it), which every such resource serves as an autoscaling/v1 Scale.
/// </summary>
/// <remarks>
/// Without a precondition the change is one merge patch of the scale's spec.replicas, as kubectl
/// sends it. With one, the scale is read, checked and written back with the resourceVersion it was
/// read at; a write that loses a race (409) is tried again from the read, so the check always sees
/// the state it replaces.
/// </remarks>
public sealed class Scaler
{
    public const string Subresource = "scale";

    private readonly DynamicClient _dynamic;
    private readonly IDiscoveryClient? _discovery;

    /// <param name="dynamic">The client the requests go through.</param>
    /// <param name="discovery">When given, a resource is checked for a scale subresource first, so a kind that has none fails with <see cref="NotScalableException"/> instead of the server's bare 404.</param>
    public Scaler(DynamicClient dynamic, IDiscoveryClient? discovery = null)
    {
        _dynamic = dynamic ?? throw new ArgumentNullException(nameof(dynamic));
        _discovery = discovery;
    }

    /// <summary>How a write that lost a race is retried; <see cref="Backoff.DefaultRetry"/> by default.</summary>
    public Backoff ConflictBackoff { get; set; } = Backoff.DefaultRetry;

    /// <summary>The object's scale: desired replicas (spec), current replicas and selector (status).</summary>
    /// <exception cref="NotScalableException">The resource has no scale subresource.</exception>
    /// <exception cref="KubeApiException">The server refused, or the object does not exist.</exception>
    public async Task<Scale> GetScaleAsync(GroupVersionResource resource, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        await EnsureScalableAsync(resource, cancellationToken).ConfigureAwait(false);
        var scale = await Client(resource, @namespace).GetAsync(name, subresource: Subresource, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ToScale(scale);
    }

    /// <summary>Sets the desired replica count of the object and returns its scale as the server answered.</summary>
    /// <param name="precondition">What must hold first (kubectl's --current-replicas, --resource-version).</param>
    /// <param name="dryRun">The server checks the change and stores nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is negative.</exception>
    /// <exception cref="NotScalableException">The resource has no scale subresource.</exception>
    /// <exception cref="ScalePreconditionException">The precondition does not hold; nothing was changed.</exception>
    /// <exception cref="KubeApiException">The server refused, or the object does not exist.</exception>
    public async Task<Scale> ScaleAsync(GroupVersionResource resource, string? @namespace, string name, int replicas,
        ScalePrecondition? precondition = null, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        if (replicas < 0) throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "the replica count must be 0 or more");
        CheckName(name);
        await EnsureScalableAsync(resource, cancellationToken).ConfigureAwait(false);
        var client = Client(resource, @namespace);
        if (precondition is null || precondition.IsEmpty)
        {
            var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
            var patched = await client.PatchAsync(name, PatchType.Merge, patch, new PatchOptions { DryRun = dryRun }, Subresource, cancellationToken).ConfigureAwait(false);
            return ToScale(patched);
        }

        string what = Describe(resource, @namespace, name);
        return await ConflictRetry.RetryOnConflictAsync(async ct =>
        {
            var current = await client.GetAsync(name, subresource: Subresource, cancellationToken: ct).ConfigureAwait(false);
            Check(precondition, current, what);
            current.SetNestedField(JsonValue.Create(replicas), "spec", "replicas");
            var updated = await client.UpdateAsync(current, new UpdateOptions { DryRun = dryRun }, Subresource, ct).ConfigureAwait(false);
            return ToScale(updated);
        }, ConflictBackoff, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the server serves a scale subresource for <paramref name="resource"/>.</summary>
    public static async Task<bool> HasScaleSubresourceAsync(IDiscoveryClient discovery, GroupVersionResource resource, CancellationToken cancellationToken = default)
    {
        if (discovery is null) throw new ArgumentNullException(nameof(discovery));
        var list = await discovery.ServerResourcesForGroupVersionAsync(resource.GroupVersion, cancellationToken).ConfigureAwait(false);
        string wanted = resource.Resource + "/" + Subresource;
        return list.Resources?.Any(r => string.Equals(r.Name, wanted, StringComparison.Ordinal)) == true;
    }

    private async Task EnsureScalableAsync(GroupVersionResource resource, CancellationToken cancellationToken)
    {
        if (_discovery is null) return;
        if (await HasScaleSubresourceAsync(_discovery, resource, cancellationToken).ConfigureAwait(false)) return;
        // A CRD may have gained its scale subresource since the cache was filled: ask the server once.
        if (_discovery is ICachedDiscoveryClient { Fresh: false } cached)
        {
            cached.Invalidate();
            if (await HasScaleSubresourceAsync(cached, resource, cancellationToken).ConfigureAwait(false)) return;
        }
        throw new NotScalableException(resource);
    }

    private static void Check(ScalePrecondition precondition, Unstructured current, string what)
    {
        if (precondition.Replicas is int expected)
        {
            long? actual = current.NestedInt64("spec", "replicas");
            if (actual != expected)
                throw new ScalePreconditionException(what, "replicas", expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unset");
        }
        if (!string.IsNullOrEmpty(precondition.ResourceVersion) && current.ResourceVersion != precondition.ResourceVersion)
            throw new ScalePreconditionException(what, "resource version", precondition.ResourceVersion!, current.ResourceVersion ?? "unset");
    }

    private DynamicResourceClient Client(GroupVersionResource resource, string? @namespace) =>
        _dynamic.Resource(resource).Namespace(string.IsNullOrEmpty(@namespace) ? null : @namespace);

    /// <summary>The typed scale, with the replica counts the server leaves out when they are 0 set to 0.</summary>
    private static Scale ToScale(Unstructured obj)
    {
        var scale = UnstructuredConverter.FromUnstructured<Scale>(obj);
        scale.Spec ??= new ScaleSpec();
        scale.Spec.Replicas ??= 0;
        scale.Status ??= new ScaleStatus();
        scale.Status.Replicas ??= 0;
        return scale;
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a name is required to scale an object", nameof(name));
    }

    private static string Describe(GroupVersionResource resource, string? @namespace, string name) =>
        string.IsNullOrEmpty(@namespace) ? $"{resource.GroupResource}/{name}" : $"{resource.GroupResource}/{name} in namespace {@namespace}";
}
