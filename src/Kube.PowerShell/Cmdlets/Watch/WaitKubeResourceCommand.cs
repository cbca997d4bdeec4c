using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.JsonPath;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.Client.Wait;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Parameters;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Watch;

/// <summary>
/// <para type="synopsis">Waits until objects meet a condition, take a field value, or are deleted (kubectl wait).</para>
/// <para type="description">Watches through an informer, never polls; writes each object once its condition holds.</para>
/// </summary>
/// <remarks>
/// Longer than most: eleven parameters, three kinds of condition checked before anything is sent, and
/// objects from the pipeline as well as -Kind and -Name; each wait is ObjectWait over ResourceWaiter.
/// </remarks>
[Cmdlet(VerbsLifecycle.Wait, "KubeResource", DefaultParameterSetName = ByName)]
[OutputType(typeof(object))]
public sealed class WaitKubeResourceCommand : KubeClusterCmdlet
{
    private const string ByName = "ByName";
    private const string ByObject = "ByObject";
    public const string WaitTimeout = ObjectWait.WaitTimeout;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, HelpMessage = "The kind or resource name to wait on, as kubectl names it (Deployment, deploy, pods, widgets.example.com).")]
    public string Kind { get; set; } = "";

    [Parameter(ParameterSetName = ByName)]
    public string? ApiVersion { get; set; }

    // Not from the pipeline: piped objects bind to -InputObject whole (kind included), never by property.
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByName, HelpMessage = "The names of the objects to wait for.")]
    public string[] Name { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ByName)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>Objects to wait for (from Get-KubePod, Watch-KubeResource events, ...): their kind, name and namespace.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true, HelpMessage = "Objects to wait on, such as those Get-KubeResource or New-KubeResource write.")]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>A status condition: 'Available' (=True) or 'Ready=False'.</summary>
    [Parameter]
    public string? Condition { get; set; }

    /// <summary>A JSONPath such as '{.status.phase}'; with -Value, the value it must have; without, it must select something.</summary>
    [Parameter]
    public string? JsonPath { get; set; }

    [Parameter]
    public string? Value { get; set; }

    /// <summary>Wait until the objects are gone.</summary>
    [Parameter]
    public SwitchParameter Deleted { get; set; }

    /// <summary>How long to wait for each object (seconds, 90s, 5m, a TimeSpan); 30 seconds by default.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    private WaitCondition _condition = WaitCondition.Deleted;

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        int given = (Condition is null ? 0 : 1) + (JsonPath is null ? 0 : 1) + (Deleted.IsPresent ? 1 : 0);
        if (given != 1)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give exactly one of -Condition (such as 'Available=True'), -JsonPath (such as '{.status.phase}' with -Value 'Running') or -Deleted."),
                "WaitConditionRequired", ErrorCategory.InvalidArgument, null));
        if (Value is not null && JsonPath is null)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Value is the value -JsonPath must select; give -JsonPath too."), "ValueWithoutJsonPath", ErrorCategory.InvalidArgument, Value));
        if (Timeout <= TimeSpan.Zero)
            ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "-Timeout must be positive: give seconds (30) or a duration such as 90s or 5m."), "InvalidTimeout", ErrorCategory.InvalidArgument, Timeout));
        try
        {
            _condition = Condition is not null ? WaitCondition.Condition(Condition)
                : JsonPath is not null ? WaitCondition.JsonPathValue(JsonPath, Value)
                : WaitCondition.Deleted;
        }
        catch (Exception e) when (e is ArgumentException or JsonPathException)
        {
            ThrowTerminatingError(new ErrorRecord(e, e is JsonPathException ? "InvalidJsonPath" : "InvalidCondition", ErrorCategory.InvalidArgument, Condition ?? JsonPath));
        }
        return Task.CompletedTask;
    }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        if (ParameterSetName == ByName)
        {
            var mapping = await KindResolver.ResolveAsync(connection, Kind, ApiVersion, cancellationToken);
            string ns = string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace!;
            foreach (var name in Name) await WaitForAsync(connection, mapping, ns, name, cancellationToken);
            return;
        }
        foreach (var input in InputObject)
        {
            if (!ObjectIdentity.TryRead(input, out var identity))
            {
                WriteError(ObjectIdentity.NotAnObject(input, "wait for"));
                continue;
            }
            RestMapping mapping;
            try
            {
                mapping = await KindResolver.ResolveAsync(connection, identity.Kind, cancellationToken);
            }
            catch (NoMatchException miss)
            {
                WriteKubeError(miss, identity.Object);
                continue;
            }
            await WaitForAsync(connection, mapping, identity.Namespace ?? connection.DefaultNamespace, identity.Name, cancellationToken);
        }
    }

    private async Task WaitForAsync(KubeConnection connection, RestMapping mapping, string ns, string name, CancellationToken cancellationToken)
    {
        string what = $"{mapping.Info.Kind} {(mapping.Namespaced ? ns + "/" : "")}{name}";
        var result = await ObjectWait.WaitAsync(this, connection, mapping, ns, name, what, _condition, Timeout, cancellationToken);
        if (result is not null) WriteObject(ResourceOutput.For(result));
    }
}
