using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Operations;
using Kube.Client.Pager;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Cmdlets.Pods;

/// <summary>
/// <para type="synopsis">Gets pods: by name (wildcards allowed), selectors, in one namespace or all.</para>
/// <para type="description">Lists are read in pages (limit/continue) and each pod is written as soon as it is decoded, before the rest of its page has arrived.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KubePod", DefaultParameterSetName = InNamespace)]
[OutputType(typeof(Pod))]
public sealed class GetKubePodCommand : KubeClusterCmdlet
{
    private const string InNamespace = "InNamespace";
    private const string InAllNamespaces = "AllNamespaces";

    // Not from the pipeline: a piped Namespace object must bind to -Namespace only, never be
    // coerced into a pod name.
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The namespace; defaults to the context's. Binds from piped Namespace objects and from objects with a Namespace property.</summary>
    [Parameter(ParameterSetName = InNamespace, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = InAllNamespaces)]
    [Alias("A")]
    public SwitchParameter AllNamespaces { get; set; }

    [Parameter]
    [Alias("l")]
    public string? LabelSelector { get; set; }

    [Parameter]
    public string? FieldSelector { get; set; }

    /// <summary>Pods per request while paging (0 reads the whole list in one response).</summary>
    [Parameter]
    [ValidateRange(0, 100000)]
    public int PageSize { get; set; } = ListPager<Pod, PodList>.DefaultPageSize;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        string ns = AllNamespaces.IsPresent ? "" : string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace!;
        var query = NamePatterns.Query(this, Name, AllNamespaces.IsPresent, LabelSelector, FieldSelector, PageSize);
        // Streamed pages: each pod goes down the pipeline as soon as it is decoded, before its page is read whole.
        await foreach (var result in ResourceGetter.GetAsync(connection.Clientset.CoreV1().Pods(ns).Generic, query, cancellationToken))
        {
            if (result.Object is { } pod) WriteObject(pod);
            else WriteKubeError(result.Error!, result.Name);
        }
    }
}
