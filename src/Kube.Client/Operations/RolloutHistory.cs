using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.AppsV1;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl rollout history: the revisions of a Deployment (its ReplicaSets, numbered by the
/// deployment.kubernetes.io/revision annotation), a StatefulSet or a DaemonSet (its
/// ControllerRevisions), oldest first, each with its change-cause and pod template.
/// </summary>
public sealed class RolloutHistory
{
    private readonly Clientset _clientset;

    public RolloutHistory(Clientset clientset) => _clientset = clientset ?? throw new ArgumentNullException(nameof(clientset));

    /// <summary>Every revision kept, by ascending number; one per number (the last listed wins, as in kubectl).</summary>
    /// <exception cref="Rest.KubeApiException">The object does not exist, or the server refused a read.</exception>
    public async Task<IReadOnlyList<RolloutRevision>> ListAsync(RolloutKind kind, string @namespace, string name, CancellationToken cancellationToken = default)
    {
        RolloutSources.CheckTarget(kind, @namespace, name);
        var byRevision = new SortedDictionary<long, RolloutRevision>();
        switch (kind)
        {
            case RolloutKind.Deployment:
            {
                var deployment = await _clientset.AppsV1().Deployments(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var rs in await RolloutSources.ReplicaSetsAsync(_clientset, deployment, cancellationToken).ConfigureAwait(false))
                {
                    long revision;
                    try
                    {
                        revision = RolloutStatusViewer.Revision(rs.Metadata?.Annotations, "ReplicaSet " + rs.Metadata?.Name);
                    }
                    catch (FormatException)
                    {
                        continue;
                    }
                    byRevision[revision] = new RolloutRevision(kind, @namespace, name, revision, RolloutSources.ChangeCause(rs.Metadata),
                        "ReplicaSet", rs.Metadata?.Name ?? "", rs.Metadata?.CreationTimestamp, rs.Spec?.Template);
                }
                break;
            }
            case RolloutKind.StatefulSet:
            {
                var set = await _clientset.AppsV1().StatefulSets(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                AddRevisions(byRevision, kind, @namespace, name, await RolloutSources.ControllerRevisionsAsync(_clientset, set.Metadata!, set.Spec?.Selector, cancellationToken).ConfigureAwait(false));
                break;
            }
            case RolloutKind.DaemonSet:
            {
                var set = await _clientset.AppsV1().DaemonSets(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                AddRevisions(byRevision, kind, @namespace, name, await RolloutSources.ControllerRevisionsAsync(_clientset, set.Metadata!, set.Spec?.Selector, cancellationToken).ConfigureAwait(false));
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return byRevision.Values.ToList();
    }

    private static void AddRevisions(SortedDictionary<long, RolloutRevision> byRevision, RolloutKind kind, string @namespace, string name, IEnumerable<ControllerRevision> revisions)
    {
        foreach (var cr in revisions)
        {
            long revision = cr.Revision ?? 0;
            byRevision[revision] = new RolloutRevision(kind, @namespace, name, revision, RolloutSources.ChangeCause(cr.Metadata),
                "ControllerRevision", cr.Metadata?.Name ?? "", cr.Metadata?.CreationTimestamp, RolloutSources.Template(cr));
        }
    }
}
