using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Streams.Targets;

namespace Kube.Client.Streams.PortForward;

/// <summary>
/// What a port-forward reaches, as kubectl port-forward decides it: a pod by name, or the most
/// active pod of a workload or Service; named ports become numbers (a container port's name, or
/// a Service port's name), and a Service's ports become the target ports of that pod.
/// </summary>
public static class PortForwardTargets
{
    /// <summary>The pod to forward to and the port mappings with every remote port a number.</summary>
    /// <exception cref="PodNotRunningException">The pod (or every pod of the workload) does not run.</exception>
    /// <exception cref="ArgumentException">A named port or Service port the target does not have.</exception>
    public static async Task<(Pod Pod, IReadOnlyList<PortMapping> Ports)> ResolveAsync(Clientset clientset, WorkloadKind kind, string @namespace, string name,
        IReadOnlyList<PortMapping> ports, CancellationToken cancellationToken = default)
    {
        if (clientset is null) throw new ArgumentNullException(nameof(clientset));
        if (ports is null || ports.Count == 0) throw new ArgumentException("Give at least one port to forward.", nameof(ports));
        Pod pod;
        IReadOnlyList<PortMapping> resolved;
        if (kind == WorkloadKind.Service)
        {
            var service = await clientset.CoreV1().Services(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            var pods = await WorkloadPods.ListAsync(clientset, service, cancellationToken).ConfigureAwait(false);
            pod = WorkloadPods.MostActive(pods) ?? throw new PodNotRunningException(@namespace, name, null, $"service {@namespace}/{name} selects no pods to forward to");
            resolved = ForService(service, pod, ports);
        }
        else
        {
            pod = kind == WorkloadKind.Pod
                ? await clientset.CoreV1().Pods(@namespace).GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await WorkloadPods.ActivePodAsync(clientset, kind, @namespace, name, cancellationToken).ConfigureAwait(false);
            resolved = ForPod(pod, ports);
        }
        if (PodTargetResolver.Refusal(pod, null, PodStreamKind.PortForward) is { } refusal) throw refusal;
        return (pod, resolved);
    }

    /// <summary>Named remote ports become the numbers of the pod's container ports of those names.</summary>
    public static IReadOnlyList<PortMapping> ForPod(Pod pod, IReadOnlyList<PortMapping> ports) =>
        ports.Select(p => p.RemotePortName is { } portName ? p.WithRemotePort(ContainerPort(pod, portName)) : p).ToList();

    /// <summary>
    /// Service ports (by number or name) become the target ports they send to on <paramref name="pod"/>
    /// (kubectl's translateServicePortToTargetPort); a headless Service's ports are the pod's.
    /// </summary>
    public static IReadOnlyList<PortMapping> ForService(Service service, Pod pod, IReadOnlyList<PortMapping> ports)
    {
        string serviceName = $"{service.Metadata?.Namespace}/{service.Metadata?.Name}";
        var specPorts = service.Spec?.Ports ?? new List<ServicePort>();
        var result = new List<PortMapping>();
        foreach (var mapping in ports)
        {
            ServicePort? match = mapping.RemotePortName is { } portName
                ? specPorts.FirstOrDefault(p => p.Name == portName) ?? throw new ArgumentException($"service {serviceName} has no port named \"{portName}\"; its ports are: {Describe(specPorts)}")
                : specPorts.FirstOrDefault(p => p.Port == mapping.RemotePort) ?? throw new ArgumentException($"service {serviceName} has no port {mapping.RemotePort}; its ports are: {Describe(specPorts)}");
            int servicePort = match.Port ?? 0;
            int target;
            if (service.Spec?.ClusterIP == "None") target = servicePort;
            else if (match.TargetPort is null || (match.TargetPort.IsInt && match.TargetPort.IntValue == 0)) target = servicePort;
            else if (match.TargetPort.IsInt) target = match.TargetPort.IntValue;
            else target = ContainerPort(pod, match.TargetPort.StringValue!);
            // A bare name forwards from the Service port's number, as kubectl does.
            int local = mapping.RemotePortName is not null && mapping.LocalFollowsRemote ? servicePort : mapping.LocalPort;
            result.Add(new PortMapping(local, target));
        }
        return result;
    }

    private static int ContainerPort(Pod pod, string name)
    {
        foreach (var container in pod.Spec?.Containers ?? new List<Container>())
            foreach (var port in container.Ports ?? new List<ContainerPort>())
                if (port.Name == name && port.ContainerPortValue is int number) return number;
        throw new ArgumentException($"pod {pod.Metadata?.Namespace}/{pod.Metadata?.Name} has no container port named \"{name}\"");
    }

    private static string Describe(IEnumerable<ServicePort> ports)
    {
        var list = ports.Select(p => string.IsNullOrEmpty(p.Name) ? Convert.ToString(p.Port, System.Globalization.CultureInfo.InvariantCulture)! : $"{p.Port} ({p.Name})").ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
