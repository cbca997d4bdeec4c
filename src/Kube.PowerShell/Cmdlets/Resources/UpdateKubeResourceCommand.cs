using System;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Yaml;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// <para type="synopsis">Patches objects of any kind with a merge, JSON or strategic merge patch.</para>
/// </summary>
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
            _patch = ReadPatch(Patch, Type);
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
        return Action($"Patch ({Describe(PatchTypeFor(target))})", DryRun);
    }

    protected override async Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        var patched = await target.Client.PatchAsync(target.Name!, PatchTypeFor(target), _patch!, new PatchOptions { DryRun = DryRun.IsPresent }, cancellationToken: cancellationToken);
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

    /// <summary>
    /// kubectl patch defaults to a strategic merge patch, which only built-in kinds support; a kind
    /// without a model here (a custom resource) gets a merge patch instead.
    /// </summary>
    private PatchType PatchTypeFor(ResourceTarget target) => Type switch
    {
        "Merge" => PatchType.Merge,
        "Json" => PatchType.Json,
        "Strategic" => PatchType.StrategicMerge,
        _ => ModelRegistry.TryGet(target.Mapping.GroupVersionKind, out _) ? PatchType.StrategicMerge : PatchType.Merge,
    };

    private static string Describe(PatchType type) => type switch
    {
        PatchType.Json => "JSON patch",
        PatchType.StrategicMerge => "strategic merge patch",
        _ => "merge patch",
    };

    /// <summary>The patch as JSON: text (JSON or YAML) is parsed so a typo fails here with its line, not at the server.</summary>
    internal static JsonNode ReadPatch(object? patch, string? type)
    {
        if (patch is PSObject pso && pso.BaseObject is not PSCustomObject) patch = pso.BaseObject;
        JsonNode? node;
        if (patch is string text)
        {
            var documents = KubeYamlReader.ReadDocuments(text, "-Patch");
            if (documents.Count != 1)
                throw new ArgumentException($"-Patch holds {documents.Count} documents; expected one JSON or YAML patch");
            node = documents[0].Content;
        }
        else
        {
            node = PowerShellJson.ToJsonNode(patch);
        }
        if (type == "Json")
        {
            if (node is not JsonArray)
                throw new ArgumentException("-Type Json needs a JSON patch: a list of operations such as @(@{ op = 'replace'; path = '/spec/replicas'; value = 3 })");
        }
        else if (node is not JsonObject)
        {
            throw new ArgumentException($"a {(type ?? "merge").ToLowerInvariant()} patch is an object with the fields to change, such as @{{ spec = @{{ replicas = 3 }} }}; for a list of operations use -Type Json");
        }
        return node;
    }
}
