using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.PowerShell.Async;
using Kube.PowerShell.Completion;

namespace Kube.PowerShell.Connection;

/// <summary>Base of every cmdlet that talks to a cluster: -Context and -Kubeconfig choose it for this call alone.</summary>
public abstract class KubeClusterCmdlet : AsyncCmdlet
{
    private KubeConnection? _connection;

    /// <summary>The kubeconfig context to use for this command only.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public string? Context { get; set; }

    /// <summary>The kubeconfig file to use for this command only (instead of KUBECONFIG and ~/.kube/config).</summary>
    [Parameter]
    public string? Kubeconfig { get; set; }

    protected override string? ConnectionDescription => _connection?.Config.ToString();

    /// <summary>The connection for this command, resolved once per command invocation.</summary>
    protected async Task<KubeConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null) return _connection;
        var session = KubeSessionState.Current;
        bool explicitFile = !string.IsNullOrEmpty(Kubeconfig);
        string? kubeconfig = explicitFile ? GetUnresolvedProviderPathFromPSPath(Kubeconfig) : session.KubeconfigPath;
        // As with kubectl --kubeconfig: another file brings its own current-context.
        string? context = !string.IsNullOrEmpty(Context) ? Context : explicitFile ? null : session.ContextName;
        try
        {
            _connection = await KubeConnectionCache.GetAsync(kubeconfig, context, cancellationToken);
        }
        catch (KubeconfigException e) when (!string.IsNullOrEmpty(Context))
        {
            // The same id and category as Get-/Set-KubeContext give an unknown name.
            if (await IsUnknownContextAsync(kubeconfig, Context!, cancellationToken))
                ThrowTerminatingError(new ErrorRecord(e, "ContextNotFound", ErrorCategory.ObjectNotFound, Context));
            throw;
        }
        return _connection!;
    }

    private static async Task<bool> IsUnknownContextAsync(string? kubeconfig, string context, CancellationToken cancellationToken)
    {
        try
        {
            var config = await KubeconfigLoader.LoadAsync(KubeconfigLoadingRules.FromEnvironment(kubeconfig), cancellationToken);
            return !config.Contexts.ContainsKey(context);
        }
        catch (KubeconfigException)
        {
            return false;
        }
    }
}
