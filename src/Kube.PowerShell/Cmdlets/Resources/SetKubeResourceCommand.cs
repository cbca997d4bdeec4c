using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Retry;
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

    protected override async Task ChangeAsync(ResourceTarget target, ObjectInput? input, CancellationToken cancellationToken)
    {
        var obj = input!.Object!;
        // Without a resourceVersion the object replaces whatever is stored (kubectl replace);
        // with one, the server refuses it with 409 Conflict if the object changed since.
        // So an object given without one takes the stored version, and takes it again when a
        // controller writes the object in between (a 409 here is not the user's conflict).
        var options = new UpdateOptions { DryRun = DryRun.IsPresent };
        var updated = string.IsNullOrEmpty(obj.ResourceVersion) && !string.IsNullOrEmpty(obj.Name)
            ? await ConflictRetry.RetryOnConflictAsync(async ct =>
            {
                var current = await target.Client.GetAsync(obj.Name!, cancellationToken: ct);
                obj.SetNestedField(current.ResourceVersion, "metadata", "resourceVersion");
                return await target.Client.UpdateAsync(obj, options, cancellationToken: ct);
            }, cancellationToken: cancellationToken)
            : await target.Client.UpdateAsync(obj, options, cancellationToken: cancellationToken);
        WriteObject(ResourceOutput.For(updated));
    }
}
