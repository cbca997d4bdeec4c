using System;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Operations;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Yaml;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// <para type="synopsis">Patches objects of any kind with a merge, JSON or strategic merge patch.</para>
/// </summary>
/// <remarks>
/// Longer than most: three parameter sets, -Patch read before any object (PatchInput) and the advice
/// on a 415 answer; the patch is one call (ResourcePatcher.PatchAsync) in the shared per-target loop.
/// </remarks>
[Cmdlet(VerbsData.Update, "KubeResource", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSetKind)]
[OutputType(typeof(object))]
public sealed class UpdateKubeResourceCommand : KubeObjectCmdlet
{
    public const string ParameterSetKind = "Kind";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSetKind, HelpMessage = "The kind or resource name, as kubectl takes it: 'Pod', 'deploy', 'widgets.example.com'.")]
    public string Kind { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParameterSetKind, HelpMessage = "The name of the object.")]
    public string Name { get; set; } = "";

    [Parameter(ParameterSetName = ParameterSetKind)]
    public string? ApiVersion { get; set; }

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ParameterSetInputObject, HelpMessage = "Objects, YAML or JSON text, or files: typed models, Unstructured objects, or hashtables/PSCustomObjects with apiVersion and kind.")]
    public object? InputObject { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPath, HelpMessage = "Manifest files or folders (*.yaml, *.yml, *.json, read recursively); wildcards are expanded.")]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    [Parameter(Mandatory = true, HelpMessage = "The patch: JSON or YAML text, a hashtable, or (for -Type Json) a list of operations.")]
    public object? Patch { get; set; }

    [Parameter]
    [ValidateSet("Merge", "Json", "Strategic")]
    public string? Type { get; set; }

    [Parameter]
    [Alias("ns")]
    public string? Namespace { get; set; }

    [Parameter]
    public SwitchParameter DryRun { get; set; }

    private JsonNode? _patch;

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        try
        {
            _patch = PatchInput.Read(Patch, Type);
        }
        catch (Exception e) when (e is ArgumentException or KubeYamlException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidPatch", ErrorCategory.InvalidArgument, Patch));
        }
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken) =>
        ParameterSetName == ParameterSetKind
            ? ForEachNamedTargetAsync(Kind, ApiVersion, new[] { Name }, Namespace, cancellationToken)
            : ForEachTargetAsync(InputObject, Path, Namespace, cancellationToken);

    protected override string DescribeChange(ResourceTarget target)
    {
        if (string.IsNullOrEmpty(target.Name) || target.Name!.EndsWith("*", StringComparison.Ordinal))
            throw new ArgumentException($"the {target.Kind} has no metadata.name to patch");
        return Action($"Patch ({ResourcePatcher.Describe(PatchTypeFor(target))})", DryRun);
    }

    protected override async Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        var patched = await ResourcePatcher.PatchAsync(target.Client, target.Mapping.GroupVersionKind, target.Name!, _patch!, PatchTypeFor(target),
            new PatchOptions { DryRun = DryRun.IsPresent }, cancellationToken);
        WriteObject(ResourceOutput.For(patched));
    }

    /// <summary>A 415 answer to a strategic merge patch means the kind (a custom resource) has no patch strategy.</summary>
    protected override ErrorRecord FailureRecord(Exception error, ResourceTarget target, ObjectInput? input)
    {
        var record = base.FailureRecord(error, target, input);
        if (error is KubeApiException { StatusCode: 415 })
        {
            record.ErrorDetails ??= new ErrorDetails(error.Message);
            record.ErrorDetails.RecommendedAction = "Strategic merge patches work for built-in kinds only; patch custom resources with -Type Merge or -Type Json.";
        }
        return record;
    }

    /// <summary>-Type, or the kind's default (kubectl's strategic merge for built-in kinds, merge for custom resources).</summary>
    private PatchType PatchTypeFor(ResourceTarget target) => Type switch
    {
        "Merge" => PatchType.Merge,
        "Json" => PatchType.Json,
        "Strategic" => PatchType.StrategicMerge,
        _ => ResourcePatcher.DefaultTypeFor(target.Mapping.GroupVersionKind),
    };
}
