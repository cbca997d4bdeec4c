using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Kube.PowerShell.Cmdlets.Resources;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;
using Kube.PowerShell.Parameters;

namespace Kube.PowerShell.Cmdlets.Rollouts;

// Over 80 lines: kubectl's rollout rules are one library call (RolloutWaiter), but following them live means a
// shared informer lease, a refusal check before the first list, and progress records per object; those stay here.
/// <summary>
/// <para type="synopsis">Waits until the rollout of Deployments, StatefulSets and DaemonSets is complete (kubectl rollout status).</para>
/// <para type="description">Follows each object through a watch with kubectl's rules and shows how far it has come; a Deployment past its progress deadline is an error naming the condition.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "KubeRollout", DefaultParameterSetName = ByName)]
[OutputType(typeof(object))]
public sealed class WaitKubeRolloutCommand : RolloutTargetCmdlet
{
    public const string RolloutWaitTimeout = nameof(RolloutWaitTimeout);
    private const int ProgressId = 0x4b7752;

    /// <summary>How long to wait for each object (seconds, 90s, 5m, a TimeSpan); without it, until the rollout completes or stalls.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    /// <summary>For a Deployment, the revision whose rollout to wait for (kubectl rollout status --revision); a Deployment at another revision is an error.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long Revision { get; set; }

    protected override string Verb => "wait for the rollout of";

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        if (Timeout is TimeSpan t && t <= TimeSpan.Zero)
            ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(Timeout), t, "-Timeout must be positive: give seconds (30) or a duration such as 90s or 5m."), "InvalidTimeout", ErrorCategory.InvalidArgument, t));
        return Task.CompletedTask;
    }

    protected override async Task ProcessTargetAsync(KubeConnection connection, ResourceTarget target, object? inputObject, CancellationToken cancellationToken)
    {
        var kind = RolloutKindOf(target);
        if (Revision > 0 && kind != RolloutKind.Deployment)
            throw new ArgumentException($"-Revision applies to Deployments; {target.Description} keeps its revisions in ControllerRevisions, which rollout status does not follow by number");
        // The context's shared informer of the one object (a Wait-KubeResource or Watch-KubeResource of it holds the same).
        using var lease = connection.Informers.Acquire(target.Mapping, new InformerScope(target.Namespace, null, "metadata.name=" + target.Name));
        var informer = lease.Informer;
        Exception? fatal = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout is TimeSpan timeout) stop.CancelAfter(timeout);
        using var errors = informer.AddWatchErrorListener(e =>
        {
            // Before the first list succeeds, a refusal will not go away by retrying: end this wait with it.
            if (!informer.HasSynced && e is KubeApiException { IsForbidden: true } or KubeApiException { IsUnauthorized: true } or KubeApiException { IsNotFound: true })
            {
                fatal = e;
                try { stop.Cancel(); } catch (ObjectDisposedException) { }
            }
        });

        RolloutStatus? last = null;
        var clock = Stopwatch.StartNew();
        // The shared informer may trail a change just made (Undo-KubeRollout | Wait-KubeRollout): judge from the object as it is now.
        var waiting = RolloutWaiter.WaitOnSharedAsync(informer, target.Client, target.Name!, Revision, status => Volatile.Write(ref last, status), stop.Token);
        var progress = new ProgressRecord(ProgressId, $"Waiting for the rollout of {target.Description}", "reading its state");
        string? reported = null;
        try
        {
            while (!waiting.IsCompleted)
            {
                Report(Volatile.Read(ref last), progress, clock.Elapsed, ref reported);
                await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken));
            }
            var done = await waiting;
            Report(Volatile.Read(ref last), progress, clock.Elapsed, ref reported);
            WriteObject(ResourceOutput.ForPipeline(done));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && stop.IsCancellationRequested)
        {
            if (fatal is not null) throw fatal;
            string seen = Volatile.Read(ref last)?.Message ?? "its state was never read";
            var error = new TimeoutException($"Timed out after {Formatting.Duration.Human(Timeout!.Value)} waiting for the rollout of {target.Description}; last seen: {seen}.");
            WriteError(new ErrorRecord(error, RolloutWaitTimeout, ErrorCategory.OperationTimeout, inputObject ?? target.Description)
            {
                ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = "See what holds the rollout up (Get-KubeEvent on the object and its pods), or wait longer with a larger -Timeout." },
            });
        }
        catch (RolloutException e) when (e.Failure == RolloutFailure.Deleted)
        {
            throw new RolloutException(RolloutFailure.Deleted, Volatile.Read(ref last) is null
                ? $"{target.Description} does not exist"
                : $"{target.Description} was deleted while its rollout was followed");
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    private void Report(RolloutStatus? status, ProgressRecord progress, TimeSpan elapsed, ref string? reported)
    {
        if (status is not null)
        {
            progress.StatusDescription = status.Message;
            progress.PercentComplete = status.PercentComplete;
            if (status.Message != reported)
            {
                WriteVerbose(status.Message);
                reported = status.Message;
            }
        }
        if (Timeout is TimeSpan timeout) progress.SecondsRemaining = (int)Math.Max(0, (timeout - elapsed).TotalSeconds);
        WriteProgress(progress);
    }
}
