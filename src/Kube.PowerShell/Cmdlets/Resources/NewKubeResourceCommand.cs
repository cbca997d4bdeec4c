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

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken) =>
        ForEachTargetAsync(InputObject, Path, Namespace, cancellationToken);

    protected override string DescribeChange(ResourceTarget target) => Action("Create", DryRun);

    protected override async Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        var created = await target.Client.CreateAsync(input!.Object!, new CreateOptions { DryRun = DryRun.IsPresent }, cancellationToken: cancellationToken);
        WriteObject(ResourceOutput.For(created));
    }
}
