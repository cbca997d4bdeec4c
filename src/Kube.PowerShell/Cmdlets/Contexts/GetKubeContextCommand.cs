using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.PowerShell.Async;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Cmdlets.Contexts;

/// <summary>
/// <para type="synopsis">Lists the contexts of the kubeconfig (merged as kubectl merges KUBECONFIG).</para>
/// </summary>
/// <remarks>
/// Longer than most: it reads the kubeconfig without connecting and marks the session's and the file's
/// current context, which the session state (Set-KubeContext) and the file can disagree on.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "KubeContext", DefaultParameterSetName = ByName)]
[OutputType(typeof(KubeContextInfo))]
public sealed class GetKubeContextCommand : AsyncCmdlet
{
    private const string ByName = "ByName";
    private const string CurrentOnly = "Current";

    [Parameter(Position = 0, ParameterSetName = ByName, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only the context commands use now.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CurrentOnly)]
    public SwitchParameter Current { get; set; }

    [Parameter]
    public string? Kubeconfig { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var session = KubeSessionState.Current;
        string? path = string.IsNullOrEmpty(Kubeconfig) ? session.KubeconfigPath : GetUnresolvedProviderPathFromPSPath(Kubeconfig);
        Kubeconfig config;
        try
        {
            config = await KubeconfigLoader.LoadAsync(KubeconfigLoadingRules.FromEnvironment(path), cancellationToken);
        }
        catch (KubeconfigException e)
        {
            ThrowKubeError(e, path);
            return;
        }

        string? current = (string.IsNullOrEmpty(Kubeconfig) ? session.ContextName : null) ?? config.CurrentContext;
        if (Current.IsPresent)
        {
            if (current is null || !config.Contexts.TryGetValue(current, out var ctx))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException(
                        current is null ? $"No current context is set in {string.Join(", ", config.SearchedFiles)}." : $"The current context \"{current}\" is not defined in {string.Join(", ", config.Files)}."),
                    "NoCurrentContext", ErrorCategory.ObjectNotFound, current));
                return;
            }
            WriteObject(View(ctx, config, current, session));
            return;
        }

        var names = Name ?? new[] { "*" };
        foreach (var name in names)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = config.Contexts.Values.Where(c => pattern.IsMatch(c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException(
                        $"Context \"{name}\" is not defined in {string.Join(", ", config.Files)} (known contexts: {string.Join(", ", config.Contexts.Keys.OrderBy(k => k))})."),
                    "ContextNotFound", ErrorCategory.ObjectNotFound, name));
                continue;
            }
            foreach (var ctx in matches) WriteObject(View(ctx, config, current, session));
        }
    }

    private static KubeContextInfo View(KubeconfigContext ctx, Kubeconfig config, string? current, KubeSessionState session) => new()
    {
        Name = ctx.Name,
        IsCurrent = ctx.Name == current,
        Cluster = ctx.Cluster,
        User = ctx.User,
        Namespace = session.Namespaces.TryGetValue(ctx.Name, out var ns) ? ns : string.IsNullOrEmpty(ctx.Namespace) ? "default" : ctx.Namespace!,
        Server = ctx.Cluster is not null && config.Clusters.TryGetValue(ctx.Cluster, out var cluster) ? cluster.Server : null,
        Source = ctx.SourceFile,
    };
}
