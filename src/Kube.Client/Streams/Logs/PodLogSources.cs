using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models.CoreV1;
using Kube.Client.Streams.Targets;

namespace Kube.Client.Streams.Logs;

/// <summary>Which container logs of a pod to read, by kubectl logs' rules.</summary>
public static class PodLogSources
{
    /// <summary>
    /// The named container, or every container (init, then main, then ephemeral) with
    /// <paramref name="allContainers"/>, or the default one. A pod not scheduled to a node yet has
    /// no log at all and is refused (the server would answer with an empty log).
    /// </summary>
    /// <exception cref="ContainerNotFoundException">The pod has no container of that name.</exception>
    /// <exception cref="PodNotRunningException">The pod is not scheduled yet.</exception>
    public static IReadOnlyList<LogSource> For(Pod pod, string? container, bool allContainers)
    {
        if (pod is null) throw new ArgumentNullException(nameof(pod));
        string ns = pod.Metadata?.Namespace ?? throw new ArgumentException("The pod has no namespace.", nameof(pod));
        string name = pod.Metadata?.Name ?? throw new ArgumentException("The pod has no name.", nameof(pod));
        if (allContainers && !string.IsNullOrEmpty(container)) throw new ArgumentException("Name a container or ask for all of them, not both.", nameof(container));
        if (!allContainers) return new[] { new LogSource(ns, name, PodTargetResolver.Container(pod, container, PodStreamKind.Log)) };
        var names = PodContainers.Names(pod);
        if (PodTargetResolver.Unscheduled(pod, names.FirstOrDefault(), PodStreamKind.Log) is { } unscheduled) throw unscheduled;
        return names.Select(c => new LogSource(ns, name, c)).ToList();
    }
}
