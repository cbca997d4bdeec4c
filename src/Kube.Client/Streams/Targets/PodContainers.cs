using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Streams.Targets;

/// <summary>
/// What a stream can know about a pod's containers before it asks the kubelet: their names, the
/// default one (kubectl's rule), and whether the pod and a container run.
/// </summary>
public static class PodContainers
{
    /// <summary>The annotation that names the container kubectl logs and exec pick by default.</summary>
    public const string DefaultContainerAnnotation = "kubectl.kubernetes.io/default-container";

    /// <summary>Every container name of the pod: init containers, containers, then ephemeral containers.</summary>
    public static IReadOnlyList<string> Names(Pod pod)
    {
        var spec = pod.Spec;
        var names = new List<string>();
        if (spec is null) return names;
        foreach (var c in spec.InitContainers ?? Enumerable.Empty<Container>()) if (c.Name is { Length: > 0 } n) names.Add(n);
        foreach (var c in spec.Containers ?? Enumerable.Empty<Container>()) if (c.Name is { Length: > 0 } n) names.Add(n);
        foreach (var c in spec.EphemeralContainers ?? Enumerable.Empty<EphemeralContainer>()) if (c.Name is { Length: > 0 } n) names.Add(n);
        return names;
    }

    /// <summary>The (non-init) containers, in spec order.</summary>
    public static IReadOnlyList<string> MainNames(Pod pod) =>
        (pod.Spec?.Containers ?? Enumerable.Empty<Container>()).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();

    /// <summary>kubectl's default container: the one the annotation names if it exists, else the first.</summary>
    public static string? Default(Pod pod)
    {
        var main = MainNames(pod);
        if (pod.Metadata?.Annotations is { } annotations && annotations.TryGetValue(DefaultContainerAnnotation, out var named) && main.Contains(named))
            return named;
        return main.Count > 0 ? main[0] : null;
    }

    /// <summary>The container <paramref name="container"/> names, or the default one; throws <see cref="ContainerNotFoundException"/> naming the pod's containers.</summary>
    public static string Resolve(Pod pod, string? container)
    {
        var names = Names(pod);
        string ns = pod.Metadata?.Namespace ?? "";
        string name = pod.Metadata?.Name ?? "";
        if (string.IsNullOrEmpty(container))
        {
            return Default(pod) ?? throw new ContainerNotFoundException(ns, name, null, names, $"pod {ns}/{name} has no containers");
        }
        if (!names.Contains(container!))
        {
            throw new ContainerNotFoundException(ns, name, container, names,
                $"pod {ns}/{name} has no container \"{container}\"; its containers are: {Describe(pod)}");
        }
        return container!;
    }

    /// <summary>"web, sidecar (init: setup)": the containers for a message.</summary>
    public static string Describe(Pod pod)
    {
        var spec = pod.Spec;
        var main = MainNames(pod);
        var init = (spec?.InitContainers ?? Enumerable.Empty<Container>()).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).ToList();
        var ephemeral = (spec?.EphemeralContainers ?? Enumerable.Empty<EphemeralContainer>()).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).ToList();
        string text = main.Count == 0 ? "(none)" : string.Join(", ", main);
        if (init.Count > 0) text += $" (init: {string.Join(", ", init)})";
        if (ephemeral.Count > 0) text += $" (ephemeral: {string.Join(", ", ephemeral)})";
        return text;
    }

    /// <summary>
    /// Null when the pod runs and <paramref name="container"/> runs (or has not been reported yet);
    /// otherwise the <see cref="PodNotRunningException"/> that says why not.
    /// </summary>
    public static PodNotRunningException? NotRunning(Pod pod, string? container, string action, bool allowTerminated = false)
    {
        string ns = pod.Metadata?.Namespace ?? "";
        string name = pod.Metadata?.Name ?? "";
        string? phase = pod.Status?.Phase;
        if (pod.Metadata?.DeletionTimestamp is not null && phase is "Pending")
            return new PodNotRunningException(ns, name, phase, $"cannot {action} pod {ns}/{name}: it is being deleted");
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            string why = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False") is { } unscheduled
                ? $": {unscheduled.Reason}{(string.IsNullOrEmpty(unscheduled.Message) ? "" : " (" + unscheduled.Message + ")")}"
                : "";
            return new PodNotRunningException(ns, name, phase ?? "Pending", $"cannot {action} pod {ns}/{name}: it is Pending and not scheduled to a node yet{why}");
        }
        if (!allowTerminated && phase is "Succeeded" or "Failed")
            return new PodNotRunningException(ns, name, phase, $"cannot {action} pod {ns}/{name}: it has completed (phase {phase})");
        if (container is null) return null;
        var status = (pod.Status?.ContainerStatuses ?? Enumerable.Empty<ContainerStatus>())
            .Concat(pod.Status?.InitContainerStatuses ?? Enumerable.Empty<ContainerStatus>())
            .Concat(pod.Status?.EphemeralContainerStatuses ?? Enumerable.Empty<ContainerStatus>())
            .FirstOrDefault(s => s.Name == container);
        if (status?.State?.Waiting is { } waiting && !(allowTerminated && status.LastState?.Terminated is not null))
        {
            string reason = waiting.Reason is { Length: > 0 } r ? r : "waiting";
            string detail = string.IsNullOrEmpty(waiting.Message) ? "" : $" ({waiting.Message})";
            return new PodNotRunningException(ns, name, phase,
                $"cannot {action} container \"{container}\" of pod {ns}/{name}: it is waiting to start: {reason}{detail}");
        }
        if (!allowTerminated && status?.State?.Terminated is { } terminated)
        {
            return new PodNotRunningException(ns, name, phase,
                $"cannot {action} container \"{container}\" of pod {ns}/{name}: it has terminated ({terminated.Reason ?? "exit code " + terminated.ExitCode})");
        }
        return null;
    }
}
