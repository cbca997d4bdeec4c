using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Wait;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;
using Kube.PowerShell.Parameters;

namespace Kube.PowerShell.Cmdlets.Namespaces;

/// <summary>
/// <para type="synopsis">Deletes namespaces and, through the namespace controller, everything in them.</para>
/// </summary>
/// <remarks>
/// Longer than most: wildcards expand to the namespaces that exist (ResourceGetter), each deletion is
/// confirmed on its own, and -Wait waits for each through the shared ObjectWait; the deletes and waits
/// are library calls (ResourceDeleter, ResourceWaiter).
/// </remarks>
[Cmdlet(VerbsCommon.Remove, "KubeNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveKubeNamespaceCommand : KubeClusterCmdlet
{
    private static readonly GroupVersionResource NamespacesResource = new("", "v1", "namespaces");

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
        var namespaces = connection.Dynamic.Resource(NamespacesResource);
        var targets = new List<string>(NamePatterns.Exact(Name));
        if (NamePatterns.Pattern(Name) is { } pattern)
        {
            await foreach (var found in ResourceGetter.GetAsync(namespaces, new GetQuery { NamePattern = pattern }, cancellationToken))
                if (found.Object?.Name is { } n && !targets.Contains(n)) targets.Add(n);
        }

        var options = ResourceDeleter.Options(PropagationPolicy, GracePeriodSeconds, DryRun.IsPresent);
        string action = "Delete" + (PropagationPolicy is null ? "" : $" ({PropagationPolicy} propagation)") + (DryRun ? " (server dry run)" : "");
        var deleted = new List<DeletedObject>();
        foreach (var name in targets)
        {
            if (!ShouldProcess($"namespace/{name}", action)) continue;
            try
            {
                deleted.Add(await ResourceDeleter.DeleteAsync(namespaces, name, options, readUid: Wait.IsPresent, cancellationToken));
            }
            catch (KubeApiException e)
            {
                WriteKubeError(e, name);
            }
        }

        if (Wait.IsPresent && !DryRun.IsPresent)
        {
            foreach (var d in deleted)
                await ObjectWait.WaitAsync(this, connection, NamespacesResource, false, null, d.Name, $"namespace {d.Name}", WaitCondition.DeletedObject(d.Uid), Timeout, cancellationToken);
        }
    }
}
