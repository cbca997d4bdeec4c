using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
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
        var client = connection.Clientset.CoreV1().Pods(ns);
        var names = new NamePatterns(Name);
        if (names.Exact.Count > 0 && !AllNamespaces.IsPresent && (!string.IsNullOrEmpty(LabelSelector) || !string.IsNullOrEmpty(FieldSelector)))
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(
                    "An exact pod name cannot be combined with -LabelSelector or -FieldSelector (as in kubectl); use a wildcard such as -Name 'web-*' to filter a selected list."),
                "NameWithSelector", ErrorCategory.InvalidArgument, Name));
        }

        foreach (var name in names.Exact)
        {
            if (AllNamespaces.IsPresent)
            {
                // Across namespaces a name is not unique: list by field selector instead of a GET.
                bool found = false;
                var byName = new ListOptions { FieldSelector = Combine(FieldSelector, "metadata.name=" + name), LabelSelector = LabelSelector };
                await foreach (var pod in Pager(client).ListAsync(byName, cancellationToken))
                {
                    found = true;
                    WriteObject(pod);
                }
                if (!found) WriteNotFound(name, "any namespace");
                continue;
            }
            try
            {
                var pod = await client.GetAsync(name, cancellationToken: cancellationToken);
                WriteObject(pod);
            }
            catch (KubeApiException e)
            {
                WriteKubeError(e, name);
            }
        }
        if (!names.NeedsList) return;

        var options = new ListOptions { LabelSelector = LabelSelector, FieldSelector = FieldSelector };
        await foreach (var pod in Pager(client).ListAsync(options, cancellationToken))
            if (names.MatchesPattern(pod.Metadata?.Name)) WriteObject(pod);
    }

    // Streamed pages: each pod goes down the pipeline as soon as it is decoded, before its page is read whole.
    private ListPager<Pod, PodList> Pager(Kube.Client.Typed.CoreV1.PodsClient client) => new((o, ct) => client.ListItemsAsync(o, ct), PageSize);

    private void WriteNotFound(string name, string where) =>
        WriteError(new ErrorRecord(new ItemNotFoundException($"pods \"{name}\" not found in {where}"), "NotFound", ErrorCategory.ObjectNotFound, name));

    private static string Combine(string? a, string b) => string.IsNullOrEmpty(a) ? b : a + "," + b;
}
