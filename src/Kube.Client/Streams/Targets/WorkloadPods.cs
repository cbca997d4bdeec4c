using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Labels;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Streams.Targets;

/// <summary>
/// The pods behind a workload, found as kubectl finds them (polymorphichelpers): a Deployment,
/// StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController or Service names a label
/// selector, and the pods it selects are its pods. Used by logs (all of them) and by exec and
/// port-forward (the most active one).
/// </summary>
public static class WorkloadPods
{
    private static readonly Dictionary<string, WorkloadKind> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pod"] = WorkloadKind.Pod, ["pods"] = WorkloadKind.Pod, ["po"] = WorkloadKind.Pod,
        ["deployment"] = WorkloadKind.Deployment, ["deployments"] = WorkloadKind.Deployment, ["deploy"] = WorkloadKind.Deployment,
        ["deployment.apps"] = WorkloadKind.Deployment, ["deployments.apps"] = WorkloadKind.Deployment,
        ["statefulset"] = WorkloadKind.StatefulSet, ["statefulsets"] = WorkloadKind.StatefulSet, ["sts"] = WorkloadKind.StatefulSet,
        ["statefulset.apps"] = WorkloadKind.StatefulSet, ["statefulsets.apps"] = WorkloadKind.StatefulSet,
        ["daemonset"] = WorkloadKind.DaemonSet, ["daemonsets"] = WorkloadKind.DaemonSet, ["ds"] = WorkloadKind.DaemonSet,
        ["daemonset.apps"] = WorkloadKind.DaemonSet, ["daemonsets.apps"] = WorkloadKind.DaemonSet,
        ["replicaset"] = WorkloadKind.ReplicaSet, ["replicasets"] = WorkloadKind.ReplicaSet, ["rs"] = WorkloadKind.ReplicaSet,
        ["replicaset.apps"] = WorkloadKind.ReplicaSet, ["replicasets.apps"] = WorkloadKind.ReplicaSet,
        ["job"] = WorkloadKind.Job, ["jobs"] = WorkloadKind.Job, ["job.batch"] = WorkloadKind.Job, ["jobs.batch"] = WorkloadKind.Job,
        ["replicationcontroller"] = WorkloadKind.ReplicationController, ["replicationcontrollers"] = WorkloadKind.ReplicationController, ["rc"] = WorkloadKind.ReplicationController,
        ["service"] = WorkloadKind.Service, ["services"] = WorkloadKind.Service, ["svc"] = WorkloadKind.Service,
    };

    /// <summary>The kinds kubectl's TYPE/NAME accepts here, for messages.</summary>
    public const string KnownKinds = "pod, deployment, statefulset, daemonset, replicaset, job, replicationcontroller or service";

    /// <summary>Reads kubectl's "TYPE/NAME" (deploy/web, svc/db, pod/x); a bare name is a pod.</summary>
    /// <exception cref="ArgumentException">An unknown TYPE or an empty name.</exception>
    public static (WorkloadKind Kind, string Name) ParseTarget(string target)
    {
        if (string.IsNullOrWhiteSpace(target)) throw new ArgumentException("A pod name or TYPE/NAME is needed.", nameof(target));
        int slash = target.IndexOf('/');
        if (slash < 0) return (WorkloadKind.Pod, target);
        string type = target.Substring(0, slash);
        string name = target.Substring(slash + 1);
        if (name.Length == 0 || name.IndexOf('/') >= 0)
            throw new ArgumentException($"\"{target}\" is not TYPE/NAME: the name after the slash is {(name.Length == 0 ? "empty" : "not a single name")}.", nameof(target));
        if (!Names.TryGetValue(type, out var kind))
            throw new ArgumentException($"\"{type}\" in \"{target}\" is not a kind whose pods can be found; use {KnownKinds}.", nameof(target));
        return (kind, name);
    }

    /// <summary>The kind of a typed workload model or an Unstructured object, if it is one of these.</summary>
    public static bool TryKindOf(object obj, out WorkloadKind kind)
    {
        string? name = obj switch
        {
            Pod => "pod",
            Models.AppsV1.Deployment => "deployment",
            Models.AppsV1.StatefulSet => "statefulset",
            Models.AppsV1.DaemonSet => "daemonset",
            Models.AppsV1.ReplicaSet => "replicaset",
            Models.BatchV1.Job => "job",
            ReplicationController => "replicationcontroller",
            Service => "service",
            Unstructured u => u.Kind,
            _ => null,
        };
        kind = default;
        return name is not null && Names.TryGetValue(name, out kind);
    }

    /// <summary>The pods <paramref name="name"/> of <paramref name="kind"/> selects in <paramref name="namespace"/>, by name.</summary>
    /// <exception cref="KubeApiException">The workload does not exist (NotFound) or cannot be read.</exception>
    /// <exception cref="ArgumentException">Its selector is empty or invalid.</exception>
    public static async Task<IReadOnlyList<Pod>> ListAsync(Clientset clientset, WorkloadKind kind, string @namespace, string name, CancellationToken cancellationToken = default)
    {
        if (clientset is null) throw new ArgumentNullException(nameof(clientset));
        if (kind == WorkloadKind.Pod)
            return new[] { await clientset.CoreV1().Pods(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false) };
        object workload = kind switch
        {
            WorkloadKind.Deployment => await clientset.AppsV1().Deployments(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false),
            WorkloadKind.StatefulSet => await clientset.AppsV1().StatefulSets(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false),
            WorkloadKind.DaemonSet => await clientset.AppsV1().DaemonSets(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false),
            WorkloadKind.ReplicaSet => await clientset.AppsV1().ReplicaSets(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false),
            WorkloadKind.Job => await clientset.BatchV1().Jobs(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false),
            WorkloadKind.ReplicationController => await clientset.CoreV1().ReplicationControllers(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => await clientset.CoreV1().Services(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false),
        };
        return await ListAsync(clientset, workload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pods a workload object (typed or Unstructured) selects in its namespace; a pod is itself.</summary>
    public static async Task<IReadOnlyList<Pod>> ListAsync(Clientset clientset, object workload, CancellationToken cancellationToken = default)
    {
        if (clientset is null) throw new ArgumentNullException(nameof(clientset));
        if (workload is null) throw new ArgumentNullException(nameof(workload));
        if (workload is Unstructured u && TryKindOf(u, out _)) workload = UnstructuredConverter.FromUnstructured(u) ?? workload;
        if (workload is Pod pod) return new[] { pod };
        var meta = ObjectMetaAccessor.For(workload);
        string ns = meta.Namespace ?? throw new ArgumentException("The workload has no namespace.", nameof(workload));
        string selector = SelectorOf(workload).ToString();
        var pods = await clientset.CoreV1().Pods(ns).ListAsync(new ListOptions { LabelSelector = selector }, cancellationToken).ConfigureAwait(false);
        return (pods.Items ?? new List<Pod>()).OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The pod kubectl would exec into or forward to for a workload: of the pods it selects, the
    /// most active (scheduled, running, ready, longest ready, fewest restarts).
    /// </summary>
    /// <exception cref="PodNotRunningException">It selects no pod.</exception>
    public static async Task<Pod> ActivePodAsync(Clientset clientset, WorkloadKind kind, string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var pods = await ListAsync(clientset, kind, @namespace, name, cancellationToken).ConfigureAwait(false);
        return MostActive(pods) ?? throw new PodNotRunningException(@namespace, name, null,
            $"{kind.ToString().ToLowerInvariant()} {@namespace}/{name} selects no pods");
    }

    /// <summary>The most active of <paramref name="pods"/>, or null when there are none.</summary>
    public static Pod? MostActive(IEnumerable<Pod> pods) =>
        pods.OrderByDescending(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .ThenByDescending(p => p.Status?.Phase switch { "Running" => 3, "Unknown" => 2, "Pending" => 1, _ => 0 })
            .ThenByDescending(IsReady)
            .ThenBy(p => ReadySince(p) ?? DateTimeOffset.MaxValue)
            .ThenBy(p => p.Status?.ContainerStatuses?.Sum(c => c.RestartCount ?? 0) ?? 0)
            .ThenBy(p => p.Metadata?.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .FirstOrDefault();

    /// <summary>The label selector a workload names; a Service or ReplicationController's map, the others' LabelSelector.</summary>
    /// <exception cref="ArgumentException">The selector is missing or empty (it would select every pod), or invalid.</exception>
    public static Selector SelectorOf(object workload)
    {
        var meta = ObjectMetaAccessor.For(workload);
        string what = $"{workload.GetType().Name.ToLowerInvariant()} {meta.Namespace}/{meta.Name}";
        Selector selector = workload switch
        {
            Models.AppsV1.Deployment d => Selector.FromLabelSelector(d.Spec?.Selector),
            Models.AppsV1.StatefulSet s => Selector.FromLabelSelector(s.Spec?.Selector),
            Models.AppsV1.DaemonSet d => Selector.FromLabelSelector(d.Spec?.Selector),
            Models.AppsV1.ReplicaSet r => Selector.FromLabelSelector(r.Spec?.Selector),
            Models.BatchV1.Job j => Selector.FromLabelSelector(j.Spec?.Selector),
            ReplicationController rc => rc.Spec?.Selector is { Count: > 0 } map ? Selector.FromSet(map) : Selector.Nothing,
            Service svc => svc.Spec?.Selector is { Count: > 0 } map ? Selector.FromSet(map) : Selector.Nothing,
            _ => throw new ArgumentException($"{what} is not a workload whose pods can be found; use {KnownKinds}.", nameof(workload)),
        };
        string text = selector.ToString();
        if (text.Length == 0)
            throw new ArgumentException($"{what} has no pod selector{(workload is Service ? " (a Service without a selector has no pods of its own)" : "")}.", nameof(workload));
        return selector;
    }

    private static bool IsReady(Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static DateTimeOffset? ReadySince(Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready" && c.Status == "True")?.LastTransitionTime;
}
