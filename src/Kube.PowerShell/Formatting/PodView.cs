using System;
using System.Linq;
using System.Management.Automation;
using Kube.Client.Models.CoreV1;

namespace Kube.PowerShell.Formatting;

/// <summary>kubectl get pods' READY, STATUS and RESTARTS columns, computed as kubectl computes them.</summary>
public static class PodView
{
    public static string Ready(PSObject instance)
    {
        if (instance?.BaseObject is not Pod pod) return "";
        int total = pod.Spec?.Containers?.Count ?? 0;
        int ready = pod.Status?.ContainerStatuses?.Count(s => s.Ready == true) ?? 0;
        return $"{ready}/{total}";
    }

    public static int Restarts(PSObject instance) =>
        instance?.BaseObject is Pod pod ? pod.Status?.ContainerStatuses?.Sum(s => s.RestartCount ?? 0) ?? 0 : 0;

    public static string Status(PSObject instance) => instance?.BaseObject is Pod pod ? StatusOf(pod) : "";

    public static string StatusOf(Pod pod)
    {
        string reason = pod.Status?.Reason is { Length: > 0 } r ? r : pod.Status?.Phase ?? "Unknown";

        var init = pod.Status?.InitContainerStatuses;
        if (init is not null)
        {
            int count = pod.Spec?.InitContainers?.Count ?? init.Count;
            for (int i = 0; i < init.Count; i++)
            {
                var s = init[i];
                if (s.State?.Terminated is { ExitCode: 0 }) continue;
                if (s.State?.Terminated is { } t)
                    return t.Reason is { Length: > 0 } tr ? "Init:" + tr : t.Signal is int sig and not 0 ? $"Init:Signal:{sig}" : $"Init:ExitCode:{t.ExitCode}";
                if (s.State?.Waiting?.Reason is { Length: > 0 } wr && wr != "PodInitializing") return "Init:" + wr;
                return $"Init:{i}/{count}";
            }
        }

        bool running = false;
        foreach (var s in pod.Status?.ContainerStatuses?.AsEnumerable().Reverse() ?? Enumerable.Empty<ContainerStatus>())
        {
            if (s.State?.Waiting?.Reason is { Length: > 0 } w) reason = w;
            else if (s.State?.Terminated is { } t)
                reason = t.Reason is { Length: > 0 } tr ? tr : t.Signal is int sig and not 0 ? $"Signal:{sig}" : $"ExitCode:{t.ExitCode}";
            else if (s.Ready == true && s.State?.Running is not null) running = true;
        }
        if (reason == "Completed" && running) reason = "Running";

        if (pod.Metadata?.DeletionTimestamp is not null)
            reason = pod.Status?.Reason == "NodeLost" ? "Unknown" : "Terminating";
        return reason;
    }
}
