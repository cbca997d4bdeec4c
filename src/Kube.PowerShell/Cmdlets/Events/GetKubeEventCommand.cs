using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Operations;
using Kube.Client.Record;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;
using Kube.PowerShell.Parameters;

namespace Kube.PowerShell.Cmdlets.Events;

// Over 80 lines: three scopes (namespace, cluster, piped objects matched by uid) and -Watch over both event APIs.
// The queries live in Kube.Client.Operations.EventQuery; what stays here is choosing the scopes and the watch's lease and handlers.
/// <summary>
/// <para type="synopsis">Gets the events of a namespace, of the cluster, or about the objects piped in, oldest first (kubectl get events, kubectl describe).</para>
/// <para type="description">Events about piped objects are matched by the uid of the object they regard. -Watch goes on to stream new and updated events.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KubeEvent", DefaultParameterSetName = InNamespace)]
[OutputType(typeof(Event), typeof(Kube.Client.Models.EventsV1.Event))]
public sealed class GetKubeEventCommand : KubeClusterCmdlet
{
    private const string InNamespace = "InNamespace";
    private const string InAllNamespaces = "AllNamespaces";
    private const string ByObject = "ByObject";
    public const string EventsApiVersion = "events.k8s.io/v1";

    [Parameter(ParameterSetName = InNamespace, Position = 0)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = InAllNamespaces)]
    [Alias("A")]
    public SwitchParameter AllNamespaces { get; set; }

    /// <summary>Objects whose events to get (from Get-KubeResource, Get-KubePod, Get-KubeNamespace, Watch-KubeResource...).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true, HelpMessage = "Objects whose events to get, such as those Get-KubeResource writes.")]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>The API to read through: v1 (core, as kubectl get events) or events.k8s.io/v1; both serve the same events.</summary>
    [Parameter]
    [ValidateSet("v1", EventsApiVersion)]
    public string ApiVersion { get; set; } = "v1";

    /// <summary>Only events of these types: Normal, Warning.</summary>
    [Parameter]
    [ValidateSet(EventTypes.Normal, EventTypes.Warning)]
    public string[]? Type { get; set; }

    /// <summary>A field selector such as 'reason=BackOff' (with -ApiVersion v1: involvedObject.kind, source, type...).</summary>
    [Parameter]
    public string? FieldSelector { get; set; }

    /// <summary>After the events there are, go on writing each new or updated event until Ctrl+C or -Timeout.</summary>
    [Parameter]
    public SwitchParameter Watch { get; set; }

    /// <summary>With -Watch, stop after this long (seconds, 90s, 5m, a TimeSpan).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    private readonly List<ObjectReference> _subjects = new();

    private EventApi Api => ApiVersion == EventsApiVersion ? EventApi.EventsV1 : EventApi.CoreV1;

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        if (Timeout is not null && !Watch.IsPresent)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Timeout bounds -Watch; give -Watch too, or leave -Timeout out."), "TimeoutWithoutWatch", ErrorCategory.InvalidArgument, Timeout));
        if (Timeout is TimeSpan t && t <= TimeSpan.Zero)
            ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(Timeout), t, "-Timeout must be positive: give seconds (30) or a duration such as 90s or 5m."), "InvalidTimeout", ErrorCategory.InvalidArgument, t));
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ParameterSetName != ByObject) return Task.CompletedTask;
        foreach (var input in InputObject)
        {
            if (!ObjectIdentity.TryRead(input, out var identity))
            {
                WriteError(ObjectIdentity.NotAnObject(input, "get the events of"));
                continue;
            }
            if (identity.Uid is null)
            {
                WriteError(new ErrorRecord(new ArgumentException($"{identity} has no metadata.uid (it was not read from the server), so its events cannot be matched; pipe in the object as Get-KubeResource returns it."),
                    "ObjectWithoutUid", ErrorCategory.InvalidArgument, identity.Object));
                continue;
            }
            _subjects.Add(new ObjectReference { Kind = identity.Kind.Kind, ApiVersion = identity.Kind.ApiVersion, Name = identity.Name, Namespace = identity.Namespace, Uid = identity.Uid });
        }
        return Task.CompletedTask;
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (ParameterSetName == ByObject && _subjects.Count == 0) return;
        var connection = await GetConnectionAsync(cancellationToken);
        string? fields = Fields();
        if (Watch.IsPresent)
        {
            await WatchAsync(connection, fields, cancellationToken);
            return;
        }
        // A refusal (say, events of a namespace the role cannot list) is this target's non-terminating error (AsyncCmdlet).
        ErrorTarget = ParameterSetName switch
        {
            InNamespace => string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace,
            _ => "events",
        };
        var query = new EventQuery(connection.Clientset, Api) { WithRows = true };
        var events = ParameterSetName switch
        {
            ByObject => await query.ForObjectsAsync(_subjects, fields, cancellationToken),
            InAllNamespaces => await query.ListAsync(null, fields, null, cancellationToken),
            _ => await query.ListAsync(string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace, fields, null, cancellationToken),
        };
        foreach (var e in events) WriteObject(ResourceOutput.ToPipeline(e));
    }

    /// <summary>-Type and -FieldSelector as one field selector.</summary>
    private string? Fields()
    {
        var types = Type?.Distinct(StringComparer.Ordinal).ToList();
        string? type = types is { Count: 1 } ? "type=" + types[0] : null;
        return ResourceGetter.JoinFieldSelectors(type, string.IsNullOrEmpty(FieldSelector) ? null : FieldSelector);
    }

    /// <summary>
    /// One informer per scope (a namespace, all namespaces, or per subject), all feeding one queue: the
    /// events they hold once all have synced come out first, oldest first; then each change as it comes.
    /// </summary>
    private async Task WatchAsync(KubeConnection connection, string? fields, CancellationToken cancellationToken)
    {
        var kind = Api == EventApi.CoreV1 ? new GroupVersionKind("", "v1", "Event") : new GroupVersionKind("events.k8s.io", "v1", "Event");
        var mapping = await KindResolver.ResolveAsync(connection, kind, cancellationToken);
        string uidField = new EventQuery(connection.Clientset, Api).UidField;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout is TimeSpan timeout) stop.CancelAfter(timeout);
        var queue = Channel.CreateUnbounded<(Unstructured Event, bool Initial)>(new UnboundedChannelOptions { SingleReader = true });
        // Leases on the context's shared informers, this command's handlers and listeners on them: all let go at the end.
        var release = new List<Action>();
        var registrations = new List<Func<bool>>();
        Exception? fatal = null;
        try
        {
            foreach (var (ns, scopeFields, uids) in Scopes(connection, fields, uidField))
            {
                var lease = connection.Informers.Acquire(mapping, new InformerScope(ns, null, scopeFields));
                release.Add(lease.Dispose);
                var informer = lease.Informer;
                bool Wanted(Unstructured e) => uids is null || (SubjectUid(e) is { } uid && uids.Contains(uid));
                var registration = informer.AddEventHandler(new ResourceEventHandlerFuncs<Unstructured>
                {
                    AddFunc = (e, initial) => { if (Wanted(e)) queue.Writer.TryWrite((e, initial)); },
                    // A resync hands over the same object again; a real update has a new resourceVersion.
                    UpdateFunc = (old, e) => { if (old.ResourceVersion != e.ResourceVersion && Wanted(e)) queue.Writer.TryWrite((e, false)); },
                });
                release.Add(() => informer.RemoveEventHandler(registration));
                var errors = informer.AddWatchErrorListener(e =>
                {
                    if (!informer.HasSynced && e is KubeApiException { IsForbidden: true } or KubeApiException { IsUnauthorized: true } or KubeApiException { IsBadRequest: true })
                    {
                        fatal ??= e;
                        try { stop.Cancel(); } catch (ObjectDisposedException) { }
                    }
                });
                release.Add(errors.Dispose);
                registrations.Add(() => registration.HasSynced);
                WriteVerbose($"Watching {mapping.Resource}{(ns is null ? " in all namespaces" : " in namespace " + ns)}{(scopeFields is { Length: > 0 } f ? " with fields " + f : "")}");
            }
            await CacheSync.WaitForCacheSyncAsync(stop.Token, registrations.ToArray());
            var initial = new List<Unstructured>();
            var early = new List<Unstructured>();
            while (queue.Reader.TryRead(out var item)) (item.Initial ? initial : early).Add(item.Event);
            foreach (var e in EventQuery.Sort(initial)) WriteObject(ResourceOutput.ForPipeline(e));
            foreach (var e in early) WriteObject(ResourceOutput.ForPipeline(e));
            while (await queue.Reader.WaitToReadAsync(stop.Token))
                while (queue.Reader.TryRead(out var item))
                    WriteObject(ResourceOutput.ForPipeline(item.Event));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            stop.Cancel();
            for (int i = release.Count - 1; i >= 0; i--) release[i]();
        }
        // The one rule: a refusal is a non-terminating error for this scope; rejected credentials end the command.
        if (fatal is not null) WriteKubeError(fatal, ParameterSetName == InNamespace ? (object?)(string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace) : mapping.Resource.ToString());
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The informer scopes: (namespace or null for all, field selector, uids to keep or null for all).</summary>
    private IEnumerable<(string? Namespace, string? Fields, HashSet<string>? Uids)> Scopes(KubeConnection connection, string? fields, string uidField)
    {
        if (ParameterSetName == InAllNamespaces) return new[] { ((string?)null, fields, (HashSet<string>?)null) };
        if (ParameterSetName == InNamespace) return new[] { ((string?)(string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace), fields, (HashSet<string>?)null) };
        var scopes = new List<(string?, string?, HashSet<string>?)>();
        foreach (var group in _subjects.GroupBy(s => s.Namespace ?? "", StringComparer.Ordinal))
        {
            var uids = new HashSet<string>(group.Select(s => s.Uid!), StringComparer.Ordinal);
            string? ns = group.Key.Length == 0 ? null : group.Key;
            if (uids.Count == 1)
                scopes.Add((ns, ResourceGetter.JoinFieldSelectors(uidField + "=" + uids.First(), fields), uids));
            else
                scopes.Add((ns, fields, uids));
        }
        return scopes;
    }

    private string? SubjectUid(Unstructured e) =>
        Api == EventApi.CoreV1 ? e.NestedString("involvedObject", "uid") : e.NestedString("regarding", "uid");
}
