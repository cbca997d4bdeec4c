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
public abstract class AsyncCmdlet : PSCmdlet, IRequestListener
{
    private readonly CancellationTokenSource _stopping = new();
    private SynchronizationContext? _pipeline;
    private bool _traceEnabled;

    /// <summary>Cancelled when the pipeline is stopped.</summary>
    protected CancellationToken StoppingToken => _stopping.Token;

    protected virtual Task BeginProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task ProcessRecordAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    protected virtual Task EndProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected sealed override void BeginProcessing()
    {
        _traceEnabled = IsVerbose();
        Run(BeginProcessingAsync);
    }

    protected sealed override void ProcessRecord() => Run(ProcessRecordAsync);

    protected sealed override void EndProcessing() => Run(EndProcessingAsync);

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

    void IRequestListener.OnWarning(string message) => OnPipeline(() => WriteWarning(message));

    void IRequestListener.OnTrace(string message) => OnPipeline(() => WriteVerbose(message));

    private void OnPipeline(Action action)
    {
        var pipeline = _pipeline;
        if (pipeline is null) return;
        pipeline.Post(static a => ((Action)a!)(), action);
    }

    private void Run(Func<CancellationToken, Task> body)
    {
        try
        {
            PipelineSynchronizationContext.Run(async () =>
            {
                _pipeline = SynchronizationContext.Current;
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
        }
        finally
        {
            _pipeline = null;
        }
    }

    private bool IsVerbose()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Verbose", out var v))
            return v is SwitchParameter s ? s.IsPresent : v is true;
        return GetVariableValue("VerbosePreference") is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
    }
}
