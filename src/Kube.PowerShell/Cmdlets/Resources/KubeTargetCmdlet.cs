using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Mapping;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>
/// Base of the cmdlets that act on existing objects named by -Kind and -Name (any name kubectl
/// takes, in -Namespace or the context's), or piped in (typed models, Unstructured objects,
/// Watch-KubeResource events): each object is a <see cref="ResourceTarget"/>, handled on its own, and
/// a failure that belongs to it is an error record that names it while the others go on.
/// </summary>
public abstract class KubeTargetCmdlet : KubeClusterCmdlet
{
    public const string ByName = "ByName";
    public const string ByObject = "ByObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, HelpMessage = "The kind or resource name, as kubectl takes it: Deployment, deploy, statefulsets.apps, a CRD's kind or plural.")]
    [ArgumentCompleter(typeof(KindCompleter))]
    public string Kind { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByName, HelpMessage = "The names of the objects.")]
    [ArgumentCompleter(typeof(ResourceNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>The group/version of -Kind, such as apps/v1 (the server's preferred one by default).</summary>
    [Parameter(ParameterSetName = ByName)]
    public string? ApiVersion { get; set; }

    [Parameter(ParameterSetName = ByName)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>Objects from Get-KubeResource, Get-KubePod, New-KubeResource, Watch-KubeResource...: their kind, namespace and name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true, HelpMessage = "Objects such as those Get-KubeResource writes.")]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>The verb for messages: "scale", "restart".</summary>
    protected abstract string Verb { get; }

    /// <summary>
    /// Checks that the command applies to the kind (a rollout verb to a Deployment, say); throws an
    /// ArgumentException that says why not. For -Kind it ends the command, for a piped object it fails that object.
    /// </summary>
    protected virtual void CheckKind(RestMapping mapping)
    {
    }

    /// <summary>
    /// Does the work for one object (<paramref name="inputObject"/>: the pipeline object it came from, or null for
    /// -Kind and -Name); a failure it throws that belongs to the object becomes an error record naming it.
    /// </summary>
    protected abstract Task ProcessTargetAsync(KubeConnection connection, ResourceTarget target, object? inputObject, CancellationToken cancellationToken);

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        if (ParameterSetName == ByName)
        {
            RestMapping mapping;
            try
            {
                mapping = await KindResolver.ResolveAsync(connection, Kind, ApiVersion, cancellationToken);
                CheckKind(mapping);
            }
            catch (Exception e) when (e is NoMatchException or ArgumentException or FormatException)
            {
                ThrowKubeError(e, Kind);
                return;
            }
            foreach (var name in Name)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    WriteError(new ErrorRecord(new ArgumentException($"-Name holds an empty name; give the names of the {mapping.Info.Kind} objects to {Verb}."), "EmptyName", ErrorCategory.InvalidArgument, name));
                    continue;
                }
                await RunAsync(connection, ResourceTarget.ForMapping(connection, mapping, name, Namespace), null, cancellationToken);
            }
            return;
        }

        foreach (var input in InputObject)
        {
            if (!ObjectIdentity.TryRead(input, out var identity))
            {
                WriteError(ObjectIdentity.NotAnObject(input, Verb));
                continue;
            }
            ResourceTarget target;
            try
            {
                var mapping = await KindResolver.ResolveAsync(connection, identity.Kind, cancellationToken);
                CheckKind(mapping);
                target = ResourceTarget.ForMapping(connection, mapping, identity.Name, identity.Namespace);
            }
            catch (Exception e) when (e is NoMatchException or ArgumentException)
            {
                WriteError(Named(Errors.KubeErrorRecords.From(e, identity.Object, null, ConnectionDescription), e, identity.ToString(), identity.Name));
                continue;
            }
            await RunAsync(connection, target, identity.Object, cancellationToken);
        }
    }

    private async Task RunAsync(KubeConnection connection, ResourceTarget target, object? inputObject, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessTargetAsync(connection, target, inputObject, cancellationToken);
        }
        catch (Exception e) when (IsTargetFailure(e))
        {
            WriteTargetError(e, target, inputObject);
        }
    }

    /// <summary>
    /// Failures that belong to one object: the server refused it (not the credentials: no other
    /// object would fare better), it is of the wrong kind, a precondition or rollout rule failed.
    /// </summary>
    protected static bool IsTargetFailure(Exception e) =>
        e is KubeApiException { IsUnauthorized: false } or ArgumentException or FormatException or NoMatchException
            or RolloutException or ScalePreconditionException or TimeoutException;

    /// <summary>Writes the failure of one object, its message prefixed with the object.</summary>
    protected void WriteTargetError(Exception error, ResourceTarget target, object? inputObject) =>
        WriteError(Named(Errors.KubeErrorRecords.From(error, inputObject ?? target.Description, null, ConnectionDescription), error, target.Description, target.Name!));

    /// <summary>The record with its message prefixed by what it is about, unless the message names the object already.</summary>
    private static ErrorRecord Named(ErrorRecord record, Exception error, string description, string name)
    {
        string message = record.ErrorDetails?.Message is { Length: > 0 } m ? m : error.Message;
        if (message.IndexOf(name, StringComparison.Ordinal) < 0) message = $"{description}: {message}";
        var details = new ErrorDetails(message);
        if (record.ErrorDetails?.RecommendedAction is { } advice) details.RecommendedAction = advice;
        record.ErrorDetails = details;
        return record;
    }
}
