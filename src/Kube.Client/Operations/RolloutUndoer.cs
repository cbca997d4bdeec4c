using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl rollout undo: puts the pod template of an earlier revision back into a Deployment,
/// StatefulSet or DaemonSet, which then rolls out as for any template change (the revision comes
/// back under a new, highest number).
/// </summary>
/// <remarks>
/// <para>A Deployment gets the template of the ReplicaSet of that revision (without its
/// pod-template-hash label) and that ReplicaSet's annotations, change-cause included, in one JSON
/// patch; the annotations that belong to the Deployment itself (revision, last-applied
/// configuration...) stay. A paused Deployment is refused.</para>
/// <para>A StatefulSet or DaemonSet gets its ControllerRevision's data, a strategic merge patch that
/// replaces spec.template.</para>
/// <para>When the template already is that revision's, nothing is sent and the result says it was skipped.</para>
/// </remarks>
public sealed class RolloutUndoer
{
    private static readonly HashSet<string> DeploymentOwnAnnotations = new(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        RolloutStatusViewer.RevisionAnnotation,
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    };

    private readonly Clientset _clientset;

    public RolloutUndoer(Clientset clientset) => _clientset = clientset ?? throw new ArgumentNullException(nameof(clientset));

    /// <param name="toRevision">The revision to go back to; 0 for the one before the current (the second highest).</param>
    /// <param name="dryRun">The server checks the change and stores nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toRevision"/> is negative.</exception>
    /// <exception cref="RolloutException">The revision is not in the history (or there is no earlier one), or the Deployment is paused.</exception>
    /// <exception cref="KubeApiException">The object does not exist, or the server refused.</exception>
    public Task<RolloutUndoResult> UndoAsync(RolloutKind kind, string @namespace, string name, long toRevision = 0, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        if (toRevision < 0) throw new ArgumentOutOfRangeException(nameof(toRevision), toRevision, "a revision is a positive number (0 for the previous one)");
        RolloutSources.CheckTarget(kind, @namespace, name);
        return kind switch
        {
            RolloutKind.Deployment => UndoDeploymentAsync(@namespace, name, toRevision, dryRun, cancellationToken),
            RolloutKind.StatefulSet => UndoStatefulSetAsync(@namespace, name, toRevision, dryRun, cancellationToken),
            RolloutKind.DaemonSet => UndoDaemonSetAsync(@namespace, name, toRevision, dryRun, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private async Task<RolloutUndoResult> UndoDeploymentAsync(string ns, string name, long toRevision, bool dryRun, CancellationToken cancellationToken)
    {
        string what = RolloutSources.Describe(RolloutKind.Deployment, ns, name);
        var client = _clientset.AppsV1().Deployments(ns);
        var deployment = await client.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        var numbered = new List<(long Revision, ReplicaSet Set)>();
        foreach (var rs in await RolloutSources.ReplicaSetsAsync(_clientset, deployment, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                numbered.Add((RolloutStatusViewer.Revision(rs.Metadata?.Annotations, "ReplicaSet " + rs.Metadata?.Name), rs));
            }
            catch (FormatException)
            {
            }
        }
        var (revision, target) = Pick(numbered, toRevision, what);
        if (deployment.Spec?.Paused == true)
            throw new RolloutException(RolloutFailure.Paused, $"{what} is paused; resume it (set spec.paused to false) before rolling it back");
        if (PodTemplates.EqualIgnoringHash(target.Spec?.Template, deployment.Spec?.Template))
            return new RolloutUndoResult(RolloutKind.Deployment, ns, name, revision, skipped: true, $"{what} already runs the template of revision {revision}; nothing rolled back", deployment);

        var annotations = new JsonObject();
        foreach (var pair in deployment.Metadata?.Annotations ?? new Dictionary<string, string>())
            if (DeploymentOwnAnnotations.Contains(pair.Key)) annotations[pair.Key] = pair.Value;
        foreach (var pair in target.Metadata?.Annotations ?? new Dictionary<string, string>())
            if (!DeploymentOwnAnnotations.Contains(pair.Key)) annotations[pair.Key] = pair.Value;
        var patch = new JsonArray
        {
            new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = PodTemplates.WithoutHash(target.Spec?.Template) },
            // "add" replaces the map as "replace" would, and also works when the Deployment has no annotations yet.
            new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = annotations },
        };
        var patched = await client.PatchAsync(name, PatchType.Json, patch.ToJsonString(), new PatchOptions { DryRun = dryRun }, cancellationToken).ConfigureAwait(false);
        return new RolloutUndoResult(RolloutKind.Deployment, ns, name, revision, skipped: false, $"{what} rolled back to revision {revision}", patched);
    }

    private async Task<RolloutUndoResult> UndoStatefulSetAsync(string ns, string name, long toRevision, bool dryRun, CancellationToken cancellationToken)
    {
        var client = _clientset.AppsV1().StatefulSets(ns);
        var set = await client.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        var history = await RolloutSources.ControllerRevisionsAsync(_clientset, set.Metadata!, set.Spec?.Selector, cancellationToken).ConfigureAwait(false);
        return await UndoFromHistoryAsync(RolloutKind.StatefulSet, ns, name, set, set.Spec?.Template, history, toRevision,
            patch => client.PatchAsync(name, PatchType.StrategicMerge, patch, new PatchOptions { DryRun = dryRun }, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<RolloutUndoResult> UndoDaemonSetAsync(string ns, string name, long toRevision, bool dryRun, CancellationToken cancellationToken)
    {
        var client = _clientset.AppsV1().DaemonSets(ns);
        var set = await client.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        var history = await RolloutSources.ControllerRevisionsAsync(_clientset, set.Metadata!, set.Spec?.Selector, cancellationToken).ConfigureAwait(false);
        return await UndoFromHistoryAsync(RolloutKind.DaemonSet, ns, name, set, set.Spec?.Template, history, toRevision,
            patch => client.PatchAsync(name, PatchType.StrategicMerge, patch, new PatchOptions { DryRun = dryRun }, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<RolloutUndoResult> UndoFromHistoryAsync<T>(RolloutKind kind, string ns, string name, T current, Models.CoreV1.PodTemplateSpec? template,
        List<ControllerRevision> history, long toRevision, Func<string, Task<T>> patch)
        where T : IKubeResource
    {
        string what = RolloutSources.Describe(kind, ns, name);
        var (revision, target) = Pick(history.Select(h => (h.Revision ?? 0, h)).ToList(), toRevision, what);
        if (RolloutSources.TemplateJson(target) is not { } wanted || target.Data is not { } data)
            throw new RolloutException(RolloutFailure.RevisionNotFound, $"ControllerRevision {target.Metadata?.Name} of {what} holds no pod template");
        if (PodTemplates.SemanticEquals(PodTemplates.ToJson(template), wanted))
            return new RolloutUndoResult(kind, ns, name, revision, skipped: true, $"{what} already runs the template of revision {revision}; nothing rolled back", current);
        var patched = await patch(data.GetRawText()).ConfigureAwait(false);
        return new RolloutUndoResult(kind, ns, name, revision, skipped: false, $"{what} rolled back to revision {revision}", patched);
    }

    /// <summary>The revision asked for, or (for 0) the second highest: the one before the current.</summary>
    private static (long Revision, T Source) Pick<T>(List<(long Revision, T Source)> revisions, long toRevision, string what)
    {
        if (toRevision > 0)
        {
            foreach (var entry in revisions)
                if (entry.Revision == toRevision) return entry;
            string known = revisions.Count == 0 ? "none" : string.Join(", ", revisions.Select(r => r.Revision).Distinct().OrderBy(r => r));
            throw new RolloutException(RolloutFailure.RevisionNotFound, $"revision {toRevision} is not in the history of {what} (revisions kept: {known})");
        }
        var distinct = revisions.GroupBy(r => r.Revision).Select(g => g.Last()).OrderByDescending(r => r.Revision).ToList();
        if (distinct.Count < 2)
            throw new RolloutException(RolloutFailure.RevisionNotFound, $"{what} has no earlier revision to roll back to");
        return distinct[1];
    }
}
