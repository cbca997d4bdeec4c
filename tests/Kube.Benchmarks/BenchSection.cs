using System;

namespace Kube.Benchmarks;

/// <summary>The parts of a harness run that --only can pick; the default runs them all.</summary>
[Flags]
public enum BenchSection
{
    None = 0,

    /// <summary>List ConfigMaps and Pods: raw GETs, our clients, KubernetesClient, client-go, kubectl.</summary>
    Lists = 1 << 0,

    /// <summary>Get-KubePod and friends in a fresh pwsh against kubectl | ConvertFrom-Json.</summary>
    PowerShell = 1 << 1,

    Watch = 1 << 2,

    /// <summary>Informer sync and memory per cached object, ours and client-go's.</summary>
    Informers = 1 << 3,

    /// <summary>Import-Module in fresh pwsh processes.</summary>
    Module = 1 << 4,

    /// <summary>Controller image sizes and the in-cluster hand-over, read from files.</summary>
    InCluster = 1 << 5,

    /// <summary>Log throughput from a pod on the node (issue 8).</summary>
    Logs = 1 << 6,

    /// <summary>Exec round trips (issue 8).</summary>
    Exec = 1 << 7,

    /// <summary>Port-forward throughput (issue 8).</summary>
    PortForward = 1 << 8,

    /// <summary>The workload streams: logs, exec and port-forward.</summary>
    Streams = Logs | Exec | PortForward,

    All = Lists | PowerShell | Watch | Informers | Module | InCluster | Streams,
}
