using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Printing;
using Kube.Client.Rest;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Namespaces;

/// <summary>
/// <para type="synopsis">Gets namespaces, by name (wildcards allowed) or label selector.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KubeNamespace")]
[OutputType(typeof(Namespace))]
public sealed class GetKubeNamespaceCommand : KubeClusterCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [Alias("l")]
    public string? LabelSelector { get; set; }

    [Parameter]
    public string? FieldSelector { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        var client = connection.Clientset.CoreV1().Namespaces();
        var names = new NamePatterns(Name);
        if (names.Exact.Count > 0 && (!string.IsNullOrEmpty(LabelSelector) || !string.IsNullOrEmpty(FieldSelector)))
        {
            // kubectl refuses a name with a selector too; ignoring the selector would return
            // namespaces that do not match it.
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(
                    "An exact namespace name cannot be combined with -LabelSelector or -FieldSelector (as in kubectl); use a wildcard such as -Name 'team-*' to filter a selected list."),
                "NameWithSelector", ErrorCategory.InvalidArgument, Name));
        }

        foreach (var name in names.Exact)
        {
            try
            {
                WriteObject(ResourceOutput.ToPipeline(await client.Generic.GetWithRowAsync(name, cancellationToken: cancellationToken)));
            }
            catch (KubeApiException e)
            {
                WriteKubeError(e, name);
            }
        }
        if (!names.NeedsList) return;

        var pager = new ListPager<Namespace, NamespaceList>((o, ct) => client.Generic.ListWithRowsAsync(o, ct));
        var options = new ListOptions { LabelSelector = LabelSelector, FieldSelector = FieldSelector };
        await foreach (var ns in pager.ListAsync(options, cancellationToken))
            if (names.MatchesPattern(ns.Metadata?.Name)) WriteObject(ResourceOutput.ToPipeline(ns));
    }
}
