using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Streams.Logs;
using Kube.Client.Streams.Targets;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Parameters;

namespace Kube.PowerShell.Cmdlets.Logs;

// Over 80 lines: sixteen parameters across three sets (pod, workload, selector) gathered over the pipeline, then one
// merged stream (Kube.Client.Streams.Logs.PodLogMerger) whose lines become strings or LogLine objects with kubectl's prefix.
/// <summary>
/// <para type="synopsis">Gets the logs of containers: of pods, of a workload's pods, or of the pods a selector picks, like kubectl logs.</para>
/// <para type="description">Each line is written as soon as it is read; -Follow keeps reading until Ctrl+C. Several logs are merged with a [pod/name/container] prefix.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KubeLog", DefaultParameterSetName = ByName)]
[OutputType(typeof(string), ParameterSetName = new[] { ByName, BySelector, ByObject })]
[OutputType(typeof(LogLine), ParameterSetName = new[] { ByName, BySelector, ByObject })]
public sealed class GetKubeLogCommand : KubeClusterCmdlet
{
    private const string ByName = "Name";
    private const string BySelector = "Selector";
    private const string ByObject = "InputObject";

    private readonly List<Pod> _pods = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Pods by name, or workloads as kubectl writes them: deploy/web, sts/db, job/backup, svc/api.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, HelpMessage = "A pod name, or TYPE/NAME of a workload such as deploy/web.")]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>The pods whose labels match this selector (kubectl logs -l).</summary>
    [Parameter(Mandatory = true, HelpMessage = "A label selector that picks the pods, such as app=web.", ParameterSetName = BySelector)]
    [Alias("l")]
    public string LabelSelector { get; set; } = "";

    /// <summary>Pods, or Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, ReplicationControllers and Services, from the pipeline.</summary>
    [Parameter(Mandatory = true, HelpMessage = "Pods or workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) whose logs to read.", ValueFromPipeline = true, ParameterSetName = ByObject)]
    public object? InputObject { get; set; }

    [Parameter(ParameterSetName = ByName)]
    [Parameter(ParameterSetName = BySelector)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>The container; by default the pod's default one (its kubectl.kubernetes.io/default-container annotation, else the first).</summary>
    [Parameter]
    [Alias("c")]
    public string? Container { get; set; }

    /// <summary>Every container of each pod, init containers first.</summary>
    [Parameter]
    public SwitchParameter AllContainers { get; set; }

    /// <summary>Keep reading new lines as they are written, until Ctrl+C.</summary>
    [Parameter]
    [Alias("f")]
    public SwitchParameter Follow { get; set; }

    /// <summary>Only the last N lines of each log.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? Tail { get; set; }

    /// <summary>Only lines newer than a duration (30, 90s, 10m, 1h) or since a time (a DateTime, or 2024-05-01T10:00:00Z).</summary>
    [Parameter]
    [SinceTransformation]
    public object? Since { get; set; }

    /// <summary>The log of the previous run of the container (after a restart).</summary>
    [Parameter]
    [Alias("p")]
    public SwitchParameter Previous { get; set; }

    /// <summary>Begin each line with the time the runtime recorded it (RFC 3339, nanoseconds).</summary>
    [Parameter]
    public SwitchParameter Timestamps { get; set; }

    /// <summary>Stop each log after this many bytes.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long? LimitBytes { get; set; }

    /// <summary>Begin each line with [pod/name/container] even for a single log.</summary>
    [Parameter]
    public SwitchParameter Prefix { get; set; }

    /// <summary>Write LogLine objects (Pod, Container, Timestamp, Line) instead of strings.</summary>
    [Parameter]
    public SwitchParameter AsObject { get; set; }

    /// <summary>How many logs -Follow may read at once (kubectl's --max-log-requests).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int MaxLogRequests { get; set; } = PodLogMerger.DefaultMaxConcurrentStreams;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        string ns = string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace!;
        switch (ParameterSetName)
        {
            case ByName:
                foreach (var target in Name)
                {
                    try
                    {
                        var (kind, name) = WorkloadPods.ParseTarget(target);
                        Add(await WorkloadPods.ListAsync(connection.Clientset, kind, ns, name, cancellationToken), target);
                    }
                    catch (Exception e) when (e is KubeApiException or ArgumentException)
                    {
                        WriteKubeError(e, target);
                    }
                }
                break;
            case BySelector:
                var pods = await connection.Clientset.CoreV1().Pods(ns).ListAsync(new ListOptions { LabelSelector = LabelSelector }, cancellationToken);
                Add(pods.Items ?? new List<Pod>(), $"-LabelSelector {LabelSelector}");
                break;
            default:
                var input = InputObject is PSObject ps ? ps.BaseObject : InputObject;
                if (input is null || !WorkloadPods.TryKindOf(input, out _))
                {
                    WriteError(new ErrorRecord(new ArgumentException($"Get-KubeLog reads the logs of pods and of {WorkloadPods.KnownKinds} objects, not of {input?.GetType().Name ?? "null"}."),
                        "UnsupportedInput", ErrorCategory.InvalidArgument, InputObject));
                    return;
                }
                try
                {
                    Add(await WorkloadPods.ListAsync(connection.Clientset, input, cancellationToken), input);
                }
                catch (Exception e) when (e is KubeApiException or ArgumentException)
                {
                    WriteKubeError(e, input);
                }
                break;
        }
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (_pods.Count == 0) return;
        var connection = await GetConnectionAsync(cancellationToken);
        var sources = new List<LogSource>();
        foreach (var pod in _pods)
        {
            try
            {
                sources.AddRange(PodLogSources.For(pod, Container, AllContainers.IsPresent));
            }
            catch (Exception e) when (e is ContainerNotFoundException or PodNotRunningException or ArgumentException)
            {
                WriteKubeError(e, pod);
            }
        }
        if (sources.Count == 0) return;
        var options = new PodLogOptions
        {
            Follow = Follow.IsPresent,
            Previous = Previous.IsPresent,
            TailLines = Tail,
            LimitBytes = LimitBytes,
            // The timestamp makes LogLine.Timestamp; a string keeps it only when asked for.
            Timestamps = Timestamps.IsPresent || AsObject.IsPresent,
            Since = Since as TimeSpan?,
            SinceTime = Since as DateTimeOffset?,
        };
        bool prefix = Prefix.IsPresent || sources.Count > 1;
        var merger = new PodLogMerger(connection.Rest) { MaxConcurrentStreams = MaxLogRequests };
        IAsyncEnumerable<LogLine> lines;
        try
        {
            // The merger reports a failed log from whichever thread reads the stream (a pod deleted while followed
            // fails mid-stream, on a pool thread): Send writes the record on the pipeline thread, which pumps while
            // this body awaits the next line, and hands a failure that ends the command back into the stream.
            var pipeline = SynchronizationContext.Current ?? throw new InvalidOperationException("Get-KubeLog's body runs on the pipeline thread.");
            lines = merger.ReadAsync(sources, options, (source, error) => pipeline.Send(_ => WriteKubeError(error, source.ToString()), null), cancellationToken);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(e.Message + " Use -MaxLogRequests to raise it.", e), "TooManyLogStreams", ErrorCategory.LimitsExceeded, sources.Count));
            return;
        }
        await foreach (var line in lines)
        {
            if (AsObject.IsPresent) WriteObject(line);
            else WriteObject(Format(line, prefix));
        }
    }

    private string Format(LogLine line, bool prefix)
    {
        string text = Timestamps.IsPresent && line.RawTimestamp is { } time ? time + " " + line.Line : line.Line;
        return prefix ? line.Prefix + " " + text : text;
    }

    private void Add(IReadOnlyList<Pod> pods, object target)
    {
        if (pods.Count == 0) WriteWarning($"{target} selects no pods.");
        foreach (var pod in pods)
            if (_seen.Add($"{pod.Metadata?.Namespace}/{pod.Metadata?.Name}")) _pods.Add(pod);
    }
}
