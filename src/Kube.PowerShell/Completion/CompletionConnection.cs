using System.Collections;
using System.Threading;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Completion;

/// <summary>The connection a command being typed would use, from its bound -Context and -Kubeconfig.</summary>
internal static class CompletionConnection
{
    public static KubeConnection Get(IDictionary fakeBoundParameters, CancellationToken cancellationToken)
    {
        var session = KubeSessionState.Current;
        string? kubeconfig = fakeBoundParameters["Kubeconfig"] as string;
        string? context = fakeBoundParameters["Context"] as string ?? (kubeconfig is null ? session.ContextName : null);
        return KubeConnectionCache.GetAsync(kubeconfig ?? session.KubeconfigPath, context, cancellationToken).GetAwaiter().GetResult();
    }
}
