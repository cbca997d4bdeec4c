using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// <para type="synopsis">Creates objects of any kind from objects, YAML or JSON, or manifest files.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "KubeResource", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ParameterSetInputObject)]
[OutputType(typeof(object))]
public sealed class NewKubeResourceCommand : KubeObjectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ParameterSetInputObject, HelpMessage = "Objects, YAML or JSON text, or files: typed models, Unstructured objects, or hashtables/PSCustomObjects with apiVersion and kind.")]
    public object? InputObject { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPath, HelpMessage = "Manifest files or folders (*.yaml, *.yml, *.json, read recursively); wildcards are expanded.")]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    [Parameter]
    [Alias("ns")]
    public string? Namespace { get; set; }

    [Parameter]
    public SwitchParameter DryRun { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var inputs = await ReadInputAsync(InputObject, Path, cancellationToken);
        var connection = await GetConnectionAsync(cancellationToken);
        foreach (var input in inputs)
        {
            if (input.Error is not null) { WriteInputError(input); continue; }
            var target = await TryResolveAsync(connection, input, Namespace, cancellationToken);
            if (target is null || !ShouldProcess(target.Description, Action("Create", DryRun))) continue;
            try
            {
                var created = await target.Client.CreateAsync(input.Object!, new CreateOptions { DryRun = DryRun.IsPresent }, cancellationToken: cancellationToken);
                WriteObject(ResourceOutput.For(created));
            }
            catch (System.Exception e) when (IsObjectFailure(e))
            {
                WriteObjectError(e, input);
            }
        }
    }
}
