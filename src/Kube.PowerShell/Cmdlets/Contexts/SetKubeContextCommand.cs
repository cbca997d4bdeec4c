using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.PowerShell.Async;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Cmdlets.Contexts;

/// <summary>
/// <para type="synopsis">Chooses the context (and its namespace) for this PowerShell session; with -Persist, also in the kubeconfig file.</para>
/// <para type="description">Without -Persist only the session changes. With -Persist the kubeconfig file
/// that defines the entry is rewritten as kubectl config use-context / set-context would, keeping every field this module does not model.</para>
/// </summary>
/// <remarks>
/// Longer than most: two scopes (the session, or -Persist into the kubeconfig file through
/// KubeconfigEditor) and the checks that name an unknown context or a file that cannot be written.
/// </remarks>
// No default parameter set: with ByName as the default, "-Namespace x" alone was bound to
// ByName and failed for want of -Name instead of selecting NamespaceOnly.
[Cmdlet(VerbsCommon.Set, "KubeContext", SupportsShouldProcess = true)]
[OutputType(typeof(KubeContextInfo))]
public sealed class SetKubeContextCommand : AsyncCmdlet
{
    private const string ByName = "ByName";
    private const string NamespaceOnly = "NamespaceOnly";

    /// <summary>The context to switch to.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true,
        HelpMessage = "The kubeconfig context to use (Get-KubeContext lists them).")]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The default namespace for the context.</summary>
    [Parameter(ParameterSetName = ByName)]
    [Parameter(Mandatory = true, ParameterSetName = NamespaceOnly, HelpMessage = "The namespace commands use by default in the current context.")]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>Also write the change to the kubeconfig file.</summary>
    [Parameter]
    public SwitchParameter Persist { get; set; }

    [Parameter]
    public string? Kubeconfig { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var session = KubeSessionState.Current;
        string? path = string.IsNullOrEmpty(Kubeconfig) ? session.KubeconfigPath : GetUnresolvedProviderPathFromPSPath(Kubeconfig);
        var rules = KubeconfigLoadingRules.FromEnvironment(path);
        Kubeconfig config;
        try
        {
            config = await KubeconfigLoader.LoadAsync(rules, cancellationToken);
        }
        catch (KubeconfigException e)
        {
            ThrowKubeError(e, path);
            return;
        }

        string? target = ParameterSetName == ByName ? Name : session.ContextName ?? config.CurrentContext;
        if (string.IsNullOrEmpty(target))
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"No context is current in {rules.Describe()}: name one with -Name."),
                "NoCurrentContext", ErrorCategory.InvalidOperation, null));
            return;
        }
        if (!config.Contexts.TryGetValue(target!, out var context))
        {
            ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException(
                    $"Context \"{target}\" is not defined in {string.Join(", ", config.Files)} (known contexts: {string.Join(", ", config.Contexts.Keys)})."),
                "ContextNotFound", ErrorCategory.ObjectNotFound, target));
            return;
        }

        string action = ParameterSetName == ByName
            ? Namespace is null ? $"Use context \"{target}\"" : $"Use context \"{target}\" with namespace \"{Namespace}\""
            : $"Set the namespace of context \"{target}\" to \"{Namespace}\"";

        if (Persist.IsPresent)
        {
            if (!ShouldProcess(context.SourceFile, action + " in the kubeconfig file")) return;
            var editor = await KubeconfigEditor.OpenAsync(rules, cancellationToken);
            if (ParameterSetName == ByName) editor.UseContext(target!);
            if (Namespace is not null) editor.SetContextNamespace(target!, Namespace);
            foreach (var written in await editor.SaveAsync(cancellationToken))
                WriteVerbose($"Wrote {written}");
        }
        else if (!ShouldProcess($"session {target}", action + " for this session"))
        {
            return;
        }

        if (!string.IsNullOrEmpty(Kubeconfig)) session.KubeconfigPath = path;
        if (ParameterSetName == ByName) session.ContextName = target;
        if (Namespace is not null) session.Namespaces[target!] = Namespace;
        else if (Persist.IsPresent && ParameterSetName == ByName) session.Namespaces.TryRemove(target!, out _);

        if (PassThru.IsPresent)
        {
            WriteObject(new KubeContextInfo
            {
                Name = target!,
                IsCurrent = true,
                Cluster = context.Cluster,
                User = context.User,
                Namespace = Namespace ?? (session.Namespaces.TryGetValue(target!, out var ns) ? ns : context.Namespace ?? "default"),
                Server = context.Cluster is not null && config.Clusters.TryGetValue(context.Cluster, out var c) ? c.Server : null,
                Source = context.SourceFile,
            });
        }
    }
}
