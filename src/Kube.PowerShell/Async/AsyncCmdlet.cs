using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.PowerShell.Errors;

namespace Kube.PowerShell.Async;

/// <summary>
/// Base of every cmdlet: runs async Begin/Process/End bodies on the pipeline thread, cancels them
/// when the user presses Ctrl+C (<see cref="StopProcessing"/>), and turns the server's Warning
/// headers and request traces of its calls into PowerShell warnings and verbose lines.
/// </summary>
/// <remarks>
/// The one hand-off to the pipeline thread: awaits in a body resume there, and work from other
/// threads (informer handlers, controller workers, timers) reaches WriteObject and friends only
/// through <see cref="PostToPipeline"/> or <see cref="InvokeOnPipelineAsync{T}"/>, which run it on the
/// pipeline thread while the body awaits.
/// </remarks>
public abstract class AsyncCmdlet : PSCmdlet, IRequestListener
{
    private readonly CancellationTokenSource _stopping = new();
    private PipelineSynchronizationContext? _pipeline;
    private bool _traceEnabled;
    private bool _beginFailed;

    /// <summary>Cancelled when the pipeline is stopped.</summary>
    protected CancellationToken StoppingToken => _stopping.Token;

    protected virtual Task BeginProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task ProcessRecordAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task EndProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected sealed override void BeginProcessing()
    {
        _traceEnabled = IsVerbose();
        _beginFailed = !Run(BeginProcessingAsync);
    }

    // A target failure in the Begin body is written as a non-terminating record (the one rule), but
    // what Begin sets up (a session, a resolved pod) is then missing: Process and End have nothing to do.
    protected sealed override void ProcessRecord()
    {
        if (!_beginFailed) Run(ProcessRecordAsync);
    }

    protected sealed override void EndProcessing()
    {
        if (!_beginFailed) Run(EndProcessingAsync);
    }

    protected override void StopProcessing()
    {
        try { _stopping.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>
    /// What a failure that escapes the body belongs to (a namespace, a kind, a name): the target of
    /// its non-terminating error record. Cmdlets set it as they move from one target to the next.
    /// </summary>
    protected object? ErrorTarget { get; set; }

    /// <summary>The server and credentials this command talks to, for error messages; null before it connects.</summary>
    protected virtual string? ConnectionDescription => null;

    /// <summary>
    /// Writes the failure of one item, classified by what went wrong: a non-terminating record, unless
    /// it concerns the whole context (<see cref="KubeErrorRecords.EndsCommand"/>), which ends the command.
    /// </summary>
    protected void WriteKubeError(Exception error, object? target, string? activity = null)
    {
        var record = KubeErrorRecords.From(error, target, activity, ConnectionDescription);
        if (KubeErrorRecords.EndsCommand(error)) ThrowTerminatingError(record);
        WriteError(record);
    }

    /// <summary>Ends the command with an error classified by what went wrong.</summary>
    protected void ThrowKubeError(Exception error, object? target, string? activity = null) =>
        ThrowTerminatingError(KubeErrorRecords.From(error, target, activity, ConnectionDescription));

    bool IRequestListener.TraceEnabled => _traceEnabled;

    void IRequestListener.OnWarning(string message) => PostToPipeline(() => WriteWarning(message));

    void IRequestListener.OnTrace(string message) => PostToPipeline(() => WriteVerbose(message));

    /// <summary>
    /// Runs <paramref name="action"/> on the pipeline thread while a body of this cmdlet awaits; callable
    /// from any thread. Returns false, and drops the action, when no body is running or the pipeline is
    /// stopping (an action queued before Ctrl+C is dropped then too).
    /// </summary>
    protected bool PostToPipeline(Action action) => Post(action, dropped: null);

    /// <summary>
    /// Runs <paramref name="func"/> on the pipeline thread while a body of this cmdlet awaits, and completes
    /// with what it returns or throws; callable from any thread. Cancelled when <paramref name="cancellationToken"/>
    /// is cancelled before it starts, or when no body is running or the pipeline is stopping.
    /// </summary>
    protected Task<T> InvokeOnPipelineAsync<T>(Func<T> func, CancellationToken cancellationToken)
    {
        if (func is null) throw new ArgumentNullException(nameof(func));
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        void Run()
        {
            using (registration)
            {
                if (done.Task.IsCompleted) return;
                try { done.TrySetResult(func()); }
                catch (Exception e) { done.TrySetException(e); }
            }
        }
        void Dropped()
        {
            registration.Dispose();
            done.TrySetCanceled();
        }
        if (!Post(Run, Dropped)) Dropped();
        return done.Task;
    }

    private bool Post(Action action, Action? dropped)
    {
        var pipeline = Volatile.Read(ref _pipeline);
        if (pipeline is null || _stopping.IsCancellationRequested) return false;
        return pipeline.TryPost(() =>
        {
            if (_stopping.IsCancellationRequested) dropped?.Invoke();
            else action();
        });
    }

    /// <returns>False when the body failed and that failure was written as a non-terminating record.</returns>
    private bool Run(Func<CancellationToken, Task> body)
    {
        try
        {
            PipelineSynchronizationContext.Run(async () =>
            {
                Volatile.Write(ref _pipeline, (PipelineSynchronizationContext?)SynchronizationContext.Current);
                using (RequestListenerScope.Push(this))
                    await body(_stopping.Token);
            });
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is not RuntimeException)
        {
            // A failure the body did not handle itself follows the one rule (KubeErrorRecords.EndsCommand):
            // a refusal for this target (a list the server forbids, an unknown kind) is a non-terminating
            // record and the next pipeline input is still processed; no connection, rejected
            // credentials or a bad kubeconfig end the command, with a classified record rather than
            // PowerShell's generic NotSpecified wrapper. PowerShell's own exceptions (stopping,
            // -ErrorAction Stop, ThrowTerminatingError) are RuntimeExceptions and pass through.
            if (KubeErrorRecords.EndsCommand(e)) ThrowKubeError(e, null);
            WriteKubeError(e, ErrorTarget);
            return false;
        }
        finally
        {
            Volatile.Write(ref _pipeline, null);
        }
        return true;
    }

    private bool IsVerbose()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Verbose", out var v))
            return v is SwitchParameter s ? s.IsPresent : v is true;
        return GetVariableValue("VerbosePreference") is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
    }
}
