using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Controllers;
using Kube.Client.LeaderElection;
using Kube.Client.Record;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Parameters;
using Kube.PowerShell.Objects;
using KubeController = Kube.Client.Controllers.Controller;

namespace Kube.PowerShell.Cmdlets.Controllers;

/// <summary>
/// <para type="synopsis">Runs a controller: informers on one or more kinds feed a work queue, and a reconcile scriptblock runs for each key.</para>
/// <para type="description">Retries failed keys with rate limiting up to -MaxRetries, runs -Workers keys at a time, and can run under leader election.</para>
/// </summary>
/// <remarks>
/// With one worker the scriptblock runs on the pipeline thread, in the caller's scope: it sees the
/// script's functions and variables. PowerShell runspaces are not thread-safe, so with more workers
/// each worker runs the scriptblock in its own runspace of a pool (real parallelism): it sees the
/// module, its arguments and $Kube (with the shared $Kube.State), not the caller's variables.
/// </remarks>
[Cmdlet(VerbsLifecycle.Start, "KubeController", DefaultParameterSetName = ByKind)]
[OutputType(typeof(object))]
public sealed class StartKubeControllerCommand : KubeClusterCmdlet
{
    private const string ByKind = "ByKind";
    private const string ByWatch = "ByWatch";
    public const string ReconcileFailed = nameof(ReconcileFailed);

    private const string PoolScript = "param($__Reconcile, $__Key, $__Kube)\n$Kube = $__Kube\n& ([scriptblock]::Create($__Reconcile)) $__Key $__Kube\n";

    /// <summary>The kinds to watch; the first is the primary kind whose object $Kube.Object holds. All are keyed by their own namespace/name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByKind, HelpMessage = "The kinds whose objects are reconciled, as kubectl names them.")]
    public string[] Kind { get; set; } = Array.Empty<string>();

    /// <summary>Kinds to watch with their own scope and key mapping: hashtables such as @{ Kind = 'Ingress'; Key = 'Owner:Service' }.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByWatch, HelpMessage = "Hashtables naming each watched Kind, with optional ApiVersion, Namespace, selectors and Key.")]
    public object[] Watch { get; set; } = Array.Empty<object>();

    /// <summary>Called with the key and the context ($Kube) for each key to reconcile.</summary>
    [Parameter(Mandatory = true, Position = 1, HelpMessage = "The scriptblock run for each key, as param($Key, $Kube).")]
    public ScriptBlock Reconcile { get; set; } = ScriptBlock.Create("");

    [Parameter]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    [Parameter]
    [Alias("A")]
    public SwitchParameter AllNamespaces { get; set; }

    [Parameter]
    [Alias("l")]
    public string? LabelSelector { get; set; }

    [Parameter]
    public string? FieldSelector { get; set; }

    /// <summary>How many keys are reconciled at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>How many times a failing key is retried before it is given up.</summary>
    [Parameter]
    [ValidateRange(0, 1000)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>Reconcile every key again this often even without changes (0: never).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan ResyncPeriod { get; set; }

    /// <summary>Only the holder of a Lease reconciles.</summary>
    [Parameter]
    public SwitchParameter LeaderElection { get; set; }

    [Parameter]
    public string? LeaseName { get; set; }

    [Parameter]
    public string? LeaseNamespace { get; set; }

    /// <summary>How long a lease holds without renewal (15 s by default).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan LeaseDuration { get; set; } = LeaderElectionConfig.DefaultLeaseDuration;

    /// <summary>Stop after this long (for tests and time-boxed runs); without it, until Ctrl+C.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>The controller's name: the source component of the events it records ($Kube.RecordEvent), and its name in verbose output.</summary>
    [Parameter]
    [Alias("Component")]
    [ValidateNotNullOrEmpty]
    public string ControllerName { get; set; } = DefaultControllerName;

    public const string DefaultControllerName = "kube-powershell-controller";

    private readonly ConcurrentDictionary<string, object?> _state = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        var watches = ReadWatches();
        if (LeaderElection.IsPresent && string.IsNullOrEmpty(LeaseName))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-LeaderElection needs -LeaseName: the name of the Lease the candidates share."), "LeaseNameRequired", ErrorCategory.InvalidArgument, null));
        if (!LeaderElection.IsPresent && (!string.IsNullOrEmpty(LeaseName) || !string.IsNullOrEmpty(LeaseNamespace)))
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-LeaseName and -LeaseNamespace apply with -LeaderElection."), "LeaderElectionRequired", ErrorCategory.InvalidArgument, LeaseName));
        if (Timeout is TimeSpan t && t <= TimeSpan.Zero)
            ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(Timeout), t, "-Timeout must be positive."), "InvalidTimeout", ErrorCategory.InvalidArgument, t));

        var connection = await GetConnectionAsync(cancellationToken);
        // Leases on the context's shared informers, and this command's listeners on them: all let go at the end.
        var held = new List<IDisposable>();
        try
        {
            var caches = new List<KubeReconcileContext.WatchedCache>();
            foreach (var watch in watches.OrderBy(w => w.IsSelf ? 0 : 1))
                caches.Add(await WatchAsync(connection, watch, held, cancellationToken));
            await RunControllerAsync(connection, caches, cancellationToken);
        }
        finally
        {
            foreach (var h in held) h.Dispose();
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The shared informer of one -Watch entry, its watch errors turned into warnings.</summary>
    private async Task<KubeReconcileContext.WatchedCache> WatchAsync(KubeConnection connection, ControllerWatch watch, List<IDisposable> held, CancellationToken cancellationToken)
    {
        var mapping = await KindResolver.ResolveAsync(connection, watch.Kind, watch.ApiVersion, cancellationToken);
        string? ns = !string.IsNullOrEmpty(watch.Namespace) ? watch.Namespace
            : watch.AllNamespaces || AllNamespaces.IsPresent ? null
            : !string.IsNullOrEmpty(Namespace) ? Namespace : connection.DefaultNamespace;
        var lease = connection.Informers.Acquire(mapping, new InformerScope(ns, watch.LabelSelector ?? LabelSelector, watch.FieldSelector ?? FieldSelector));
        held.Add(lease);
        string kindName = mapping.Info.Kind;
        held.Add(lease.Informer.AddWatchErrorListener(e => PostToPipeline(() => WriteWarning($"{kindName}: {e.Message}"))));
        WriteVerbose($"Watching {mapping.Resource}{(mapping.Namespaced ? ns is null ? " in all namespaces" : " in " + ns : "")}, keyed by {watch.Key}");
        return new KubeReconcileContext.WatchedCache(watch.Kind, kindName, mapping.Resource.Resource, lease.Informer, watch.KeyFunc());
    }

    private async Task RunControllerAsync(KubeConnection connection, IReadOnlyList<KubeReconcileContext.WatchedCache> caches, CancellationToken cancellationToken)
    {
        // Events go out through a broadcaster of their own: recording never waits for the server.
        var broadcaster = new EventBroadcaster(new EventBroadcasterOptions { OnError = message => PostToPipeline(() => WriteWarning("Event not recorded: " + message)) });
        broadcaster.StartRecordingToSink(new EventSink(connection.Clientset));
        var recorder = broadcaster.NewRecorder(ControllerName);

        RunspacePool? pool = Workers > 1 ? OpenPool() : null;
        KubeController? controller = null;
        Func<string, CancellationToken, Task> reconcile = pool is null
            ? (key, ct) => ReconcileOnPipelineThreadAsync(key, NewContext(key, controller!, connection, caches, recorder), ct)
            : (key, ct) => ReconcileInPoolAsync(pool, key, NewContext(key, controller!, connection, caches, recorder), ct);
        controller = new KubeController(reconcile, ControllerOptionsFor(connection, caches));
        // The controller resyncs itself: a shared informer may have started without a resync period.
        foreach (var cache in caches) controller.Watch(cache.Informer, cache.KeyFunc, ResyncPeriod);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout is TimeSpan timeout) stop.CancelAfter(timeout);
        var running = Task.Run(() => controller.RunAsync(stop.Token));
        try
        {
            // What the workers hand the pipeline thread (reconciles, errors, log lines) runs while this awaits.
            await running;
        }
        catch (OperationCanceledException) when (running.IsCanceled)
        {
        }
        finally
        {
            stop.Cancel();
            pool?.Dispose();
            // Events recorded last are still written, for a moment; after Ctrl+C only briefly.
            await broadcaster.ShutdownAsync(cancellationToken.IsCancellationRequested ? TimeSpan.FromSeconds(1) : EventBroadcaster.DefaultDrainTimeout);
        }
    }

    private ControllerOptions ControllerOptionsFor(KubeConnection connection, IReadOnlyList<KubeReconcileContext.WatchedCache> caches)
    {
        var options = new ControllerOptions
        {
            Name = (ControllerName == DefaultControllerName ? "Start-KubeController" : ControllerName) + " " + string.Join(",", caches.Select(c => c.Kind)),
            Workers = Workers,
            MaxRetries = MaxRetries,
            OnReconcileError = failure => PostToPipeline(() => ReportFailure(failure)),
            Log = message => PostToPipeline(() => WriteVerbose(message)),
        };
        if (!LeaderElection.IsPresent) return options;
        string identity = $"{Environment.MachineName}_{Guid.NewGuid():N}".ToLowerInvariant();
        string leaseNs = !string.IsNullOrEmpty(LeaseNamespace) ? LeaseNamespace! : !string.IsNullOrEmpty(Namespace) ? Namespace! : connection.DefaultNamespace;
        options.LeaderElection = new LeaderElectionConfig(new LeaseLock(connection.Clientset, leaseNs, LeaseName!, identity))
        {
            LeaseDuration = LeaseDuration,
            RenewDeadline = TimeSpan.FromTicks(LeaseDuration.Ticks * 2 / 3),
            RetryPeriod = TimeSpan.FromTicks(LeaseDuration.Ticks * 2 / 15),
            ReleaseOnCancel = true,
            OnNewLeader = leader => PostToPipeline(() => WriteVerbose($"Lease {leaseNs}/{LeaseName}: the leader is {leader}{(leader == identity ? " (this controller)" : "")}")),
        };
        WriteVerbose($"Campaigning for lease {leaseNs}/{LeaseName} as {identity}");
        return options;
    }

    private List<ControllerWatch> ReadWatches()
    {
        try
        {
            var watches = ParameterSetName == ByWatch
                ? Watch.Select(ControllerWatch.From).ToList()
                : Kind.Select(k => new ControllerWatch { Kind = k }).ToList();
            if (watches.Count == 0) throw new ArgumentException("Give at least one kind to watch.");
            if (!watches.Any(w => w.IsSelf))
                throw new ArgumentException("No -Watch entry is keyed by its own objects (Key = 'Self'): the controller needs a primary kind whose keys it reconciles.");
            return watches;
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidWatch", ErrorCategory.InvalidArgument, Watch));
            throw;
        }
    }

    private KubeReconcileContext NewContext(string key, KubeController controller, KubeConnection connection, IReadOnlyList<KubeReconcileContext.WatchedCache> caches, IEventRecorder recorder) =>
        new(key, controller.Queue.NumRequeues(key) + 1, connection, caches, _state, recorder);

    /// <summary>One worker: the scriptblock runs on the pipeline thread, in the caller's scope.</summary>
    private Task ReconcileOnPipelineThreadAsync(string key, KubeReconcileContext context, CancellationToken cancellationToken) =>
        InvokeOnPipelineAsync(() =>
        {
            // The output comes back when the scriptblock returns: a throwing attempt's output is dropped with it.
            var variables = new List<PSVariable> { new("Kube", context) };
            foreach (var output in Reconcile.InvokeWithContext(null, variables, key, context))
                WriteObject(output);
            return true;
        }, cancellationToken);

    private async Task ReconcileInPoolAsync(RunspacePool pool, string key, KubeReconcileContext context, CancellationToken cancellationToken)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.RunspacePool = pool;
        ps.AddScript(PoolScript, useLocalScope: true).AddArgument(Reconcile.ToString()).AddArgument(key).AddArgument(context);
        using var registration = cancellationToken.Register(() => ps.BeginStop(null, null));
        try
        {
            var output = await Task.Factory.FromAsync(ps.BeginInvoke(), ps.EndInvoke).ConfigureAwait(false);
            Forward(ps, output);
        }
        catch (PipelineStoppedException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            Forward(ps, Array.Empty<PSObject>());
            throw;
        }
    }

    private void Forward(System.Management.Automation.PowerShell ps, IEnumerable<PSObject> output)
    {
        var items = output.ToList();
        var errors = ps.Streams.Error.ToList();
        var warnings = ps.Streams.Warning.Select(w => w.Message).ToList();
        var verbose = ps.Streams.Verbose.Select(v => v.Message).ToList();
        PostToPipeline(() =>
        {
            foreach (var w in warnings) WriteWarning(w);
            foreach (var v in verbose) WriteVerbose(v);
            foreach (var e in errors) WriteError(e);
            foreach (var o in items) WriteObject(o);
        });
    }

    private void ReportFailure(ReconcileFailure failure)
    {
        var error = failure.Error is RuntimeException { ErrorRecord: { } inner } ? inner.Exception ?? failure.Error : failure.Error;
        if (failure.WillRetry)
        {
            WriteVerbose($"Reconcile of {failure.Key} failed (attempt {failure.Attempt}): {error.Message}; retrying in {failure.RetryAfter?.TotalMilliseconds:0} ms");
            return;
        }
        var record = new ErrorRecord(error, ReconcileFailed, ErrorCategory.OperationStopped, failure.Key)
        {
            // The request too: a Forbidden answer to a write may say no more than "is forbidden".
            ErrorDetails = new ErrorDetails($"Reconcile of {failure.Key} failed {failure.Attempt} time(s) and is given up until its objects change: {error.Message}" +
                (ApiRequest(failure.Error) is { } request ? $" [{request}]" : ""))
            {
                RecommendedAction = "Fix the cause (see the error) or raise -MaxRetries; the key is reconciled again on its next change or resync.",
            },
        };
        WriteError(record);
    }

    /// <summary>The request of the API error behind <paramref name="error"/> (a script's .NET call wraps it).</summary>
    private static string? ApiRequest(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is Kube.Client.Rest.KubeApiException { Request: { } request }) return request;
        return null;
    }

    private RunspacePool OpenPool()
    {
        var iss = InitialSessionState.CreateDefault2();
        var module = MyInvocation.MyCommand.Module;
        if (module is not null)
        {
            string manifest = Path.Combine(module.ModuleBase, module.Name + ".psd1");
            iss.ImportPSModule(new[] { File.Exists(manifest) ? manifest : module.Path });
        }
        var pool = RunspaceFactory.CreateRunspacePool(1, Workers, iss, Host);
        pool.Open();
        return pool;
    }
}
