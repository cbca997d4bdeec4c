using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.Client.Operations;
using Kube.Client.Pager;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// <para type="synopsis">Gets objects of any kind, custom resources included: by name (wildcards allowed), selectors, in one namespace or all.</para>
/// <para type="description">Kinds with a typed model come out typed (as Get-KubePod's pods), others as Unstructured objects.</para>
/// </summary>
/// <remarks>
/// Longer than most: eight parameters, and an unknown kind or -ApiVersion is one piped object's error,
/// not the command's; the get itself is one call (ResourceGetter.GetAsync, typed when the kind has a model).
/// </remarks>
[Cmdlet(VerbsCommon.Get, "KubeResource", DefaultParameterSetName = InNamespace)]
[OutputType(typeof(Unstructured), typeof(IKubeResource))]
public sealed class GetKubeResourceCommand : KubeClusterCmdlet
{
    private const string InNamespace = "InNamespace";
    private const string InAllNamespaces = "AllNamespaces";

    /// <summary>A kind, plural, singular or short name, optionally with its group: Pod, pods, po, deploy, deployments.apps, widgets.example.com.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The kind to read: Pod, pods, po, deploy, deployments.apps, a custom resource's plural or short name (Get-KubeApiResource lists them).")]
    [ArgumentCompleter(typeof(KindCompleter))]
    public string Kind { get; set; } = "";

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ResourceNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The version to read ("apps/v1", "v1"); defaults to the server's preferred version of the kind.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ApiVersion { get; set; }

    [Parameter(ParameterSetName = InNamespace, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = InAllNamespaces, HelpMessage = "Reads every namespace.")]
    [Alias("A")]
    public SwitchParameter AllNamespaces { get; set; }

    [Parameter]
    [Alias("l")]
    public string? LabelSelector { get; set; }

    [Parameter]
    public string? FieldSelector { get; set; }

    [Parameter]
    [ValidateRange(0, 100000)]
    public int PageSize { get; set; } = ListPager<Unstructured, UnstructuredList>.DefaultPageSize;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        ErrorTarget = Kind;
        RestMapping mapping;
        try
        {
            mapping = await KindResolver.ResolveAsync(connection, Kind, ApiVersion, cancellationToken);
        }
        catch (Exception e) when (e is NoMatchException or ArgumentException)
        {
            // One piped object of an unknown kind should not stop the others.
            WriteKubeError(e, e is NoMatchException ? Kind : ApiVersion ?? Kind);
            return;
        }
        catch (FormatException e)
        {
            WriteKubeError(new ArgumentException("-ApiVersion: " + e.Message, nameof(ApiVersion), e), ApiVersion);
            return;
        }

        string? ns = null;
        if (mapping.Namespaced)
        {
            ns = AllNamespaces.IsPresent ? null : string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace;
        }
        else if (!string.IsNullOrEmpty(Namespace) || AllNamespaces.IsPresent)
        {
            // As kubectl does: a namespace means nothing to a cluster-scoped kind.
            WriteVerbose($"{mapping.Info.FullName} is cluster-scoped: -Namespace and -AllNamespaces do not apply and are ignored.");
        }
        ErrorTarget = ns ?? (object)Kind;
        var query = NamePatterns.Query(this, Name, mapping.Namespaced && AllNamespaces.IsPresent, LabelSelector, FieldSelector, PageSize);
        query.WithRows = true;
        // A kind with a model is read by the typed client (one decode per object, as Get-KubePod reads
        // pods); others come as Unstructured and are typed here only if their own kind has a model.
        await foreach (var result in ResourceGetter.GetAsync(connection.Rest, mapping, ns, query, cancellationToken))
        {
            if (result.Object is Unstructured obj) WriteObject(ResourceOutput.ForPipeline(obj));
            else if (result.Object is { } typed) WriteObject(ResourceOutput.ToPipeline(typed));
            else WriteKubeError(result.Error!, result.Name);
        }
    }
}
