using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Operations;
using Kube.Client.Pager;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;

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
        var query = NamePatterns.Query(this, Name, false, LabelSelector, FieldSelector, ListPager<Namespace, NamespaceList>.DefaultPageSize);
        await foreach (var result in ResourceGetter.GetAsync(connection.Clientset.CoreV1().Namespaces().Generic, query, cancellationToken))
        {
            if (result.Object is { } ns) WriteObject(ns);
            else WriteKubeError(result.Error!, result.Name);
        }
    }
}
