using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Operations;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// <para type="synopsis">Replaces objects of any kind with the given objects (an update, like kubectl replace).</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "KubeResource", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSetInputObject)]
[OutputType(typeof(object))]
public sealed class SetKubeResourceCommand : KubeObjectCmdlet
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

    protected override string DescribeChange(ResourceTarget target) => Action("Replace", DryRun);

    /// <summary>As kubectl replace; an object given without a resourceVersion replaces whatever is stored (see <see cref="ResourceReplacer"/>).</summary>
    protected override async Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        var updated = await ResourceReplacer.ReplaceAsync(target.Client, input!.Object!, new UpdateOptions { DryRun = DryRun.IsPresent }, cancellationToken);
        WriteObject(ResourceOutput.For(updated));
    }
}
