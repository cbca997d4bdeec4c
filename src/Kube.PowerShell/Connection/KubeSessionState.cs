using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace Kube.PowerShell.Connection;

/// <summary>
/// What Set-KubeContext chose for this PowerShell session (runspace): a context and per-context
/// namespaces that win over the kubeconfig's, without touching the file.
/// </summary>
public sealed class KubeSessionState
{
    private static readonly ConditionalWeakTable<Runspace, KubeSessionState> ByRunspace = new();
    private static readonly KubeSessionState Detached = new();

    /// <summary>The state of the runspace running on this thread.</summary>
    public static KubeSessionState Current =>
        Runspace.DefaultRunspace is { } runspace ? ByRunspace.GetValue(runspace, _ => new KubeSessionState()) : Detached;

    /// <summary>Context chosen for the session; null follows the kubeconfig's current-context.</summary>
    public string? ContextName { get; set; }

    /// <summary>Kubeconfig path chosen for the session; null follows KUBECONFIG and ~/.kube/config.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Default namespace per context for the session.</summary>
    public ConcurrentDictionary<string, string> Namespaces { get; } = new();
}
