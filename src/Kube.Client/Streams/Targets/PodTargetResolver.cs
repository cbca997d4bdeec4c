using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;
using Kube.Client.Typed.CoreV1;

namespace Kube.Client.Streams.Targets;

/// <summary>
/// The one place that decides where a pod stream goes (logs, exec, attach, port-forward; copy is
/// exec) and, when the pod cannot serve it, says why in the pod's terms: the container named or
/// kubectl's default (the <c>kubectl.kubernetes.io/default-container</c> annotation, else the
/// first), the containers it has when a name is wrong, and its state (not scheduled, being
/// deleted, completed, a container waiting or terminated, not Running). The decisions are functions
/// of a <see cref="Pod"/>; the async entries read the pod first.
/// </summary>
public static class PodTargetResolver
{
    /// <summary>Reads the pod and picks the container a stream of <paramref name="kind"/> uses (see <see cref="Container"/>).</summary>
    /// <exception cref="KubeApiException">The pod does not exist or cannot be read.</exception>
    public static async Task<string> ContainerAsync(RestClient rest, string @namespace, string pod, string? container, PodStreamKind kind, CancellationToken cancellationToken = default)
    {
        var found = await new PodsClient(rest, @namespace).GetAsync(pod, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Container(found, container, kind);
    }

    /// <summary>
    /// Reads the pod after the server refused a stream to it. The pod's own NotFound passes
    /// through; when the pod cannot be read otherwise (not allowed, say), the server's refusal is
    /// all there is to say and is thrown as it came.
    /// </summary>
    public static async Task<Pod> ReadAfterRefusalAsync(RestClient rest, string @namespace, string pod, KubeApiException refused, CancellationToken cancellationToken = default)
    {
        if (refused is null) throw new ArgumentNullException(nameof(refused));
        try
        {
            return await new PodsClient(rest, @namespace).GetAsync(pod, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException read) when (read.IsNotFound)
        {
            throw;
        }
        catch (KubeApiException)
        {
            throw refused;
        }
    }

    /// <summary>Reads the pod after a refusal and returns what to throw: the pod's explanation (see <see cref="Explain"/>), or the refusal itself.</summary>
    public static async Task<Exception> ExplainAsync(RestClient rest, string @namespace, string pod, string? container, PodStreamKind kind, KubeApiException refused,
        CancellationToken cancellationToken = default)
    {
        var found = await ReadAfterRefusalAsync(rest, @namespace, pod, refused, cancellationToken).ConfigureAwait(false);
        return Explain(found, container, kind, refused);
    }

    /// <summary>Refusals the pod's state can explain better than the server's words: not authentication, authorization or throttling.</summary>
    public static bool IsExplainable(KubeApiException refused) =>
        refused is not null && refused.StatusCode >= 400 && !(refused.IsUnauthorized || refused.IsForbidden || refused.IsTooManyRequests);

    /// <summary>
    /// The container <paramref name="container"/> names, or the pod's default one. A log is
    /// refused up front for a pod that is not bound to a node yet: it has no log, and the server
    /// would answer with an empty one.
    /// </summary>
    /// <exception cref="ContainerNotFoundException">No such container (the message lists the pod's), or the pod has none.</exception>
    /// <exception cref="PodNotRunningException">A log of a pod not scheduled yet.</exception>
    public static string Container(Pod pod, string? container, PodStreamKind kind)
    {
        if (pod is null) throw new ArgumentNullException(nameof(pod));
        var (ns, name) = NameOf(pod);
        string resolved;
        if (string.IsNullOrEmpty(container))
        {
            resolved = PodContainers.Default(pod) ?? throw new ContainerNotFoundException(ns, name, null, PodContainers.Names(pod), $"pod {ns}/{name} has no containers");
        }
        else if (!PodContainers.Names(pod).Contains(container!))
        {
            throw NoSuchContainer(pod, container!, null);
        }
        else
        {
            resolved = container!;
        }
        if (kind == PodStreamKind.Log && Unscheduled(pod, resolved, kind) is { } unscheduled) throw unscheduled;
        return resolved;
    }

    /// <summary>Null when the pod is bound to a node; otherwise why it cannot serve a stream of <paramref name="kind"/> yet.</summary>
    public static PodNotRunningException? Unscheduled(Pod pod, string? container, PodStreamKind kind)
    {
        if (pod is null) throw new ArgumentNullException(nameof(pod));
        return string.IsNullOrEmpty(pod.Spec?.NodeName) ? NotRunning(pod, container, kind) : null;
    }

    /// <summary>
    /// When a command or attach named no container and the server wants one (a pod of several),
    /// the container kubectl takes instead: the default one, if it runs. Null when there is none to retry with.
    /// </summary>
    public static string? RetryContainer(Pod pod, string? container, PodStreamKind kind)
    {
        if (pod is null) throw new ArgumentNullException(nameof(pod));
        if (container is not null || PodContainers.MainNames(pod).Count <= 1) return null;
        return PodContainers.Default(pod) is { } chosen && NotRunning(pod, chosen, kind) is null ? chosen : null;
    }

    /// <summary>
    /// What to throw when the server refused a stream of <paramref name="kind"/> to
    /// <paramref name="container"/> of <paramref name="pod"/>: an unknown container (naming the
    /// pod's), a missing choice among several (exec and attach), or the state that keeps the pod or
    /// container from serving it; the refusal itself when the pod's state says nothing more.
    /// </summary>
    public static Exception Explain(Pod pod, string? container, PodStreamKind kind, KubeApiException refused)
    {
        if (pod is null) throw new ArgumentNullException(nameof(pod));
        if (refused is null) throw new ArgumentNullException(nameof(refused));
        return Refusal(pod, container, kind, refused) ?? refused;
    }

    /// <summary>
    /// Null when <paramref name="pod"/> can serve a stream of <paramref name="kind"/> to
    /// <paramref name="container"/> (or, with none named, to its default one); otherwise the
    /// <see cref="ContainerNotFoundException"/> or <see cref="PodNotRunningException"/> that says
    /// why, with <paramref name="cause"/> (the server's refusal) inside.
    /// </summary>
    public static Exception? Refusal(Pod pod, string? container, PodStreamKind kind, Exception? cause = null)
    {
        if (pod is null) throw new ArgumentNullException(nameof(pod));
        if (container is not null && !PodContainers.Names(pod).Contains(container))
            return NoSuchContainer(pod, container, cause);
        if (container is null && kind is PodStreamKind.Exec or PodStreamKind.Attach && PodContainers.MainNames(pod).Count > 1)
        {
            var (ns, name) = NameOf(pod);
            return new ContainerNotFoundException(ns, name, null, PodContainers.Names(pod),
                $"pod {ns}/{name} has several containers; name one: {PodContainers.Describe(pod)}", cause);
        }
        string? checkedContainer = kind == PodStreamKind.PortForward ? null : container ?? PodContainers.Default(pod);
        if (NotRunning(pod, checkedContainer, kind) is { } notRunning)
            return cause is null ? notRunning : new PodNotRunningException(notRunning.Namespace, notRunning.Pod, notRunning.Phase, notRunning.Message, cause);
        if (kind == PodStreamKind.PortForward && pod.Status?.Phase != "Running")
        {
            var (ns, name) = NameOf(pod);
            return new PodNotRunningException(ns, name, pod.Status?.Phase,
                $"cannot {Action(kind)} pod {ns}/{name}: it is not running (phase {pod.Status?.Phase ?? "unknown"})", cause);
        }
        return null;
    }

    /// <summary>The words for what a stream of <paramref name="kind"/> does to a pod: "read the log of", "exec into"...</summary>
    public static string Action(PodStreamKind kind) => kind switch
    {
        PodStreamKind.Log => "read the log of",
        PodStreamKind.Exec => "exec into",
        PodStreamKind.Attach => "attach to",
        _ => "forward ports to",
    };

    private static ContainerNotFoundException NoSuchContainer(Pod pod, string container, Exception? cause)
    {
        var (ns, name) = NameOf(pod);
        return new ContainerNotFoundException(ns, name, container, PodContainers.Names(pod),
            $"pod {ns}/{name} has no container \"{container}\"; its containers are: {PodContainers.Describe(pod)}", cause);
    }

    /// <summary>
    /// Null when the pod runs and <paramref name="container"/> runs (or has not been reported yet);
    /// otherwise why not. A log accepts a pod that completed and a container that ran and stopped.
    /// </summary>
    private static PodNotRunningException? NotRunning(Pod pod, string? container, PodStreamKind kind)
    {
        bool allowTerminated = kind == PodStreamKind.Log;
        string action = Action(kind);
        var (ns, name) = NameOf(pod);
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

    private static (string Namespace, string Name) NameOf(Pod pod) => (pod.Metadata?.Namespace ?? "", pod.Metadata?.Name ?? "");
}
