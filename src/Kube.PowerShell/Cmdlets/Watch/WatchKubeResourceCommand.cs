using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Parameters;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Watch;

/// <summary>
/// <para type="synopsis">Streams the changes to objects of any kind into the pipeline as they happen.</para>
/// <para type="description">Backed by an informer: it survives watch drops and relists without duplicate or lost events.</para>
/// </summary>
/// <remarks>
/// Longer than most: nine parameters, and a refusal before the first list (Forbidden, NotFound...)
/// must end the command instead of being retried forever; the events come from the context's shared
/// informer through one InformerEventChannel.
/// </remarks>
[Cmdlet(VerbsCommon.Watch, "KubeResource", DefaultParameterSetName = InNamespace)]
[OutputType(typeof(KubeResourceEvent))]
public sealed class WatchKubeResourceCommand : KubeClusterCmdlet
{
    private const string InNamespace = "InNamespace";
    private const string InAllNamespaces = "AllNamespaces";

    /// <summary>The kind or resource name: Pod, pods, po, deploy, deployments.apps, a CRD's kind or plural.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The kind or resource name to watch, as kubectl names it (ConfigMap, cm, pods, widgets.example.com).")]
    public string Kind { get; set; } = "";

    /// <summary>The group/version to watch the kind at, such as apps/v1 (the server's preferred one by default).</summary>
    [Parameter]
    public string? ApiVersion { get; set; }

    /// <summary>An exact object name to watch (a field selector on metadata.name).</summary>
    [Parameter(Position = 1)]
    public string? Name { get; set; }

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

    /// <summary>Emit the objects that exist when the watch starts as Added events first.</summary>
    [Parameter]
    public SwitchParameter IncludeInitial { get; set; }

    /// <summary>Stop watching after this long (seconds, 90s, 5m, or a TimeSpan); without it, until Ctrl+C.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    private Exception? _fatal;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (Timeout is TimeSpan t && t <= TimeSpan.Zero)
            ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(Timeout), t, "-Timeout must be positive: give seconds (30) or a duration such as 90s or 5m."), "InvalidTimeout", ErrorCategory.InvalidArgument, t));
        var connection = await GetConnectionAsync(cancellationToken);
        var mapping = await KindResolver.ResolveAsync(connection, Kind, ApiVersion, cancellationToken);
        string? ns = AllNamespaces.IsPresent ? null : string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace;
        string? fields = string.IsNullOrEmpty(Name) ? FieldSelector : ResourceGetter.JoinFieldSelectors(FieldSelector, "metadata.name=" + Name);
        // The context's shared informer of this kind and scope: another command watching the same holds the same watch.
        using var lease = connection.Informers.Acquire(mapping, new InformerScope(ns, LabelSelector, fields));
        var informer = lease.Informer;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout is TimeSpan timeout) stop.CancelAfter(timeout);
        using var errors = informer.AddWatchErrorListener(e =>
        {
            // Before the first list succeeds, a refusal will not go away by retrying: end the command with it
            // (kubectl get -w fails the same way). Later errors are the reflector's to ride out.
            if (!informer.HasSynced && e is KubeApiException { IsForbidden: true } or KubeApiException { IsUnauthorized: true } or KubeApiException { IsNotFound: true } or KubeApiException { IsBadRequest: true })
            {
                _fatal = e;
                try { stop.Cancel(); } catch (ObjectDisposedException) { }
            }
        });
        WriteVerbose($"Watching {mapping.Resource}{(mapping.Namespaced ? ns is null ? " in all namespaces" : $" in namespace {ns}" : "")}{(LabelSelector is { Length: > 0 } l ? $" with labels {l}" : "")}{(fields is { Length: > 0 } f ? $" with fields {f}" : "")}");

        using var events = new InformerEventChannel<Kube.Client.Models.Unstructured>(informer, IncludeInitial.IsPresent);
        try
        {
            await foreach (var change in events.ReadAllAsync(stop.Token))
                WriteObject(new KubeResourceEvent(change));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        if (_fatal is not null) ThrowKubeError(_fatal, Kind);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
