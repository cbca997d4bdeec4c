using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Parameters;

namespace Kube.PowerShell.Cmdlets.Namespaces;

/// <summary>
/// <para type="synopsis">Deletes namespaces and, through the namespace controller, everything in them.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "KubeNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveKubeNamespaceCommand : KubeClusterCmdlet
{
    private const int ProgressId = 0x4b6e73;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Names of the namespaces to delete; wildcards select from the namespaces that exist.")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Foreground, Background or Orphan: how the garbage collector treats the namespace's dependents.</summary>
    [Parameter]
    [ValidateSet("Foreground", "Background", "Orphan")]
    public string? PropagationPolicy { get; set; }

    /// <summary>The grace period of the deletion in seconds, as kubectl delete --grace-period.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    [Alias("GracePeriod")]
    public long? GracePeriodSeconds { get; set; }

    [Parameter]
    public SwitchParameter DryRun { get; set; }

    /// <summary>Wait until the namespace is gone (its content deleted and finalizers done).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait waits for each namespace: seconds, a duration such as 90s or 5m, or a TimeSpan.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        var client = connection.Clientset.CoreV1().Namespaces();
        var names = new NamePatterns(Name);
        var targets = new List<string>(names.Exact);
        if (names.HasPatterns)
        {
            var pager = new ListPager<Namespace, NamespaceList>((o, ct) => client.ListAsync(o, ct));
            await foreach (var ns in pager.ListAsync(cancellationToken: cancellationToken))
                if (ns.Metadata?.Name is { } n && names.MatchesPattern(n) && !targets.Contains(n)) targets.Add(n);
        }

        var options = new DeleteOptions
        {
            PropagationPolicy = PropagationPolicy,
            GracePeriodSeconds = GracePeriodSeconds,
            DryRun = DryRun.IsPresent ? new List<string> { "All" } : null,
        };
        var deleted = new List<string>();
        foreach (var name in targets)
        {
            string action = "Delete" + (PropagationPolicy is null ? "" : $" ({PropagationPolicy} propagation)") + (DryRun ? " (server dry run)" : "");
            if (!ShouldProcess($"namespace/{name}", action)) continue;
            try
            {
                await client.DeleteAsync(name, options, cancellationToken);
                deleted.Add(name);
            }
            catch (KubeApiException e)
            {
                WriteKubeError(e, name);
            }
        }

        if (Wait.IsPresent && !DryRun.IsPresent)
            foreach (var name in deleted) await WaitGoneAsync(client, name, cancellationToken);
    }

    private async Task WaitGoneAsync(Kube.Client.Typed.CoreV1.NamespacesClient client, string name, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var progress = new ProgressRecord(ProgressId, "Deleting namespaces", $"Waiting for namespace {name} to be removed");
        try
        {
            while (true)
            {
                try
                {
                    var ns = await client.GetAsync(name, cancellationToken: cancellationToken);
                    progress.StatusDescription = $"namespace {name}: {ns.Status?.Phase ?? "Terminating"} ({clock.Elapsed.TotalSeconds:0} s)";
                    WriteProgress(progress);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    return;
                }
                if (clock.Elapsed > Timeout)
                {
                    WriteError(new ErrorRecord(new TimeoutException($"namespace {name} was still present after {Timeout.TotalSeconds:0.###} s."),
                        "WaitTimedOut", ErrorCategory.OperationTimeout, name));
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }
}
