using System;
using System.Globalization;
using System.Linq;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl rollout status's rules, per kind, applied to one state of an object (kubectl's
/// polymorphichelpers status viewers):
/// <list type="bullet">
/// <item>Deployment: once status.observedGeneration has caught up with metadata.generation, a
/// Progressing condition with reason ProgressDeadlineExceeded is a stall; otherwise it waits until
/// every desired replica is updated, no old replica is left, and every updated replica is available.</item>
/// <item>StatefulSet (RollingUpdate only): after the spec is observed, every desired replica must be
/// ready, then (with a partition) the replicas at or above the partition updated, or else the update
/// revision must have become the current one.</item>
/// <item>DaemonSet (RollingUpdate only): after the spec is observed, every scheduled node must run an
/// updated pod, and every one must be available.</item>
/// </list>
/// </summary>
public static class RolloutStatusViewer
{
    /// <summary>The annotation in which the deployment controller numbers a Deployment's (and its ReplicaSets') revisions.</summary>
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>The Progressing condition's reason once a Deployment exceeded spec.progressDeadlineSeconds.</summary>
    public const string ProgressDeadlineExceededReason = "ProgressDeadlineExceeded";

    /// <summary>The status of a Deployment, StatefulSet or DaemonSet, typed or <see cref="Unstructured"/>.</summary>
    /// <param name="revision">For a Deployment, the revision the rollout must be at (kubectl's --revision); 0 for any.</param>
    /// <exception cref="RolloutException">The rollout stalled, is at another revision, or has no rollout to follow (OnDelete).</exception>
    /// <exception cref="RolloutNotSupportedException">The object is of another kind.</exception>
    public static RolloutStatus Status(object obj, long revision = 0) => obj switch
    {
        null => throw new ArgumentNullException(nameof(obj)),
        Deployment d => Status(d, revision),
        StatefulSet s => Status(s),
        DaemonSet d => Status(d),
        Unstructured u => Status(u, revision),
        _ => throw new RolloutNotSupportedException(ModelRegistry.TryGetKind(obj.GetType(), out var kind) ? new Schema.GroupKind(kind.Group, kind.Kind) : new Schema.GroupKind("", obj.GetType().Name), "follow the rollout of"),
    };

    private static RolloutStatus Status(Unstructured obj, long revision)
    {
        var gvk = obj.GetGroupVersionKind();
        return RolloutKinds.From(new Schema.GroupKind(gvk.Group, gvk.Kind), "follow the rollout of") switch
        {
            RolloutKind.Deployment => Status(UnstructuredConverter.FromUnstructured<Deployment>(obj), revision),
            RolloutKind.StatefulSet => Status(UnstructuredConverter.FromUnstructured<StatefulSet>(obj)),
            _ => Status(UnstructuredConverter.FromUnstructured<DaemonSet>(obj)),
        };
    }

    public static RolloutStatus Status(Deployment deployment, long revision = 0)
    {
        if (deployment is null) throw new ArgumentNullException(nameof(deployment));
        string name = deployment.Metadata?.Name ?? "";
        string what = $"Deployment {name}";
        if (revision > 0)
        {
            long current = Revision(deployment.Metadata?.Annotations, what);
            if (current != revision)
                throw new RolloutException(RolloutFailure.RevisionChanged, $"{what} is at revision {current}, not at revision {revision} that was to be waited for");
        }
        var spec = deployment.Spec;
        var status = deployment.Status;
        int desired = spec?.Replicas ?? 0;
        int replicas = status?.Replicas ?? 0;
        int updated = status?.UpdatedReplicas ?? 0;
        int ready = status?.ReadyReplicas ?? 0;
        int available = status?.AvailableReplicas ?? 0;
        long generation = deployment.Metadata?.Generation ?? 0;
        long observed = status?.ObservedGeneration ?? 0;
        if (generation > observed)
            return new RolloutStatus(RolloutKind.Deployment, name, false, false, $"{what}: waiting for the controller to observe generation {generation} (it has seen {observed})", desired, updated, ready, available);

        var progressing = status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing is not null && progressing.Reason == ProgressDeadlineExceededReason)
        {
            var condition = new RolloutCondition(progressing.Type!, progressing.Status ?? "", progressing.Reason, progressing.Message, progressing.LastUpdateTime);
            int deadline = spec?.ProgressDeadlineSeconds ?? 600;
            throw new RolloutException(RolloutFailure.ProgressDeadlineExceeded,
                $"{what} exceeded its progress deadline ({deadline}s); condition {condition}", condition);
        }
        string message;
        bool done = false;
        if (spec?.Replicas is int want && updated < want)
            message = $"{what}: {updated} of {want} replicas updated";
        else if (replicas > updated)
            message = $"{what}: {replicas - updated} old replica(s) still terminating";
        else if (available < updated)
            message = $"{what}: {available} of {updated} updated replicas available";
        else
        {
            message = $"{what} rolled out: {updated} replica(s) updated and available";
            done = true;
        }
        return new RolloutStatus(RolloutKind.Deployment, name, done, true, message, desired, updated, ready, available);
    }

    public static RolloutStatus Status(StatefulSet set)
    {
        if (set is null) throw new ArgumentNullException(nameof(set));
        string name = set.Metadata?.Name ?? "";
        string what = $"StatefulSet {name}";
        var spec = set.Spec;
        var status = set.Status;
        RequireRollingUpdate(spec?.UpdateStrategy?.Type, what);
        int desired = spec?.Replicas ?? 0;
        int updated = status?.UpdatedReplicas ?? 0;
        int ready = status?.ReadyReplicas ?? 0;
        long generation = set.Metadata?.Generation ?? 0;
        long observed = status?.ObservedGeneration ?? 0;
        if (observed == 0 || generation > observed)
            return new RolloutStatus(RolloutKind.StatefulSet, name, false, false, $"{what}: waiting for the controller to observe generation {generation} (it has seen {observed})", desired, updated, ready, ready);
        if (spec?.Replicas is int want && ready < want)
            return new RolloutStatus(RolloutKind.StatefulSet, name, false, true, $"{what}: {ready} of {want} pods ready", desired, updated, ready, ready);
        if (spec?.UpdateStrategy?.RollingUpdate is { } rolling)
        {
            if (spec.Replicas is int replicas && rolling.Partition is int partition && updated < replicas - partition)
                return new RolloutStatus(RolloutKind.StatefulSet, name, false, true, $"{what}: {updated} of {replicas - partition} pods above partition {partition} updated", desired, updated, ready, ready);
            return new RolloutStatus(RolloutKind.StatefulSet, name, true, true, $"{what} rolled out: {updated} pod(s) updated (partition {rolling.Partition ?? 0})", desired, updated, ready, ready);
        }
        if (status?.UpdateRevision != status?.CurrentRevision)
            return new RolloutStatus(RolloutKind.StatefulSet, name, false, true, $"{what}: {updated} pod(s) at revision {status?.UpdateRevision}, waiting for the rolling update to complete", desired, updated, ready, ready);
        return new RolloutStatus(RolloutKind.StatefulSet, name, true, true, $"{what} rolled out: {status?.CurrentReplicas ?? 0} pod(s) at revision {status?.CurrentRevision}", desired, updated, ready, ready);
    }

    public static RolloutStatus Status(DaemonSet set)
    {
        if (set is null) throw new ArgumentNullException(nameof(set));
        string name = set.Metadata?.Name ?? "";
        string what = $"DaemonSet {name}";
        var status = set.Status;
        RequireRollingUpdate(set.Spec?.UpdateStrategy?.Type, what);
        int desired = status?.DesiredNumberScheduled ?? 0;
        int updated = status?.UpdatedNumberScheduled ?? 0;
        int ready = status?.NumberReady ?? 0;
        int available = status?.NumberAvailable ?? 0;
        long generation = set.Metadata?.Generation ?? 0;
        long observed = status?.ObservedGeneration ?? 0;
        if (generation > observed)
            return new RolloutStatus(RolloutKind.DaemonSet, name, false, false, $"{what}: waiting for the controller to observe generation {generation} (it has seen {observed})", desired, updated, ready, available);
        if (updated < desired)
            return new RolloutStatus(RolloutKind.DaemonSet, name, false, true, $"{what}: {updated} of {desired} pods updated", desired, updated, ready, available);
        if (available < desired)
            return new RolloutStatus(RolloutKind.DaemonSet, name, false, true, $"{what}: {available} of {desired} updated pods available", desired, updated, ready, available);
        return new RolloutStatus(RolloutKind.DaemonSet, name, true, true, $"{what} rolled out: {desired} pod(s) updated and available", desired, updated, ready, available);
    }

    /// <summary>The revision in <see cref="RevisionAnnotation"/>; 0 when absent.</summary>
    /// <exception cref="FormatException">The annotation is not a number.</exception>
    internal static long Revision(System.Collections.Generic.IDictionary<string, string>? annotations, string what)
    {
        if (annotations is null || !annotations.TryGetValue(RevisionAnnotation, out var text)) return 0;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
            throw new FormatException($"{what} has annotation {RevisionAnnotation}: \"{text}\", which is not a revision number");
        return value;
    }

    private static void RequireRollingUpdate(string? strategy, string what)
    {
        if (strategy != "RollingUpdate")
            throw new RolloutException(RolloutFailure.StrategyNotRollingUpdate,
                $"{what} uses the {(string.IsNullOrEmpty(strategy) ? "(unset)" : strategy)} update strategy; rollout status is only followed for RollingUpdate");
    }
}
