using System;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Streams.RemoteCommand;
using Kube.Client.Streams.Targets;
using Kube.PowerShell.Completion;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Errors;

namespace Kube.PowerShell.Cmdlets.Exec;

// Over 80 lines: stdin from the pipeline arrives between ProcessRecord calls, stdout/stderr/exit code map to three
// PowerShell streams and $LASTEXITCODE, and -Interactive drives the console; the protocol itself is Kube.Client.Streams.
/// <summary>
/// <para type="synopsis">Runs a command in a container, like kubectl exec: output as lines, pipeline input as stdin, the exit code in $LASTEXITCODE.</para>
/// <para type="description">Stdout lines are written to the pipeline as they arrive and stderr lines to the error stream; a non-zero exit code is a NonZeroExitCode error. -Interactive opens a terminal session.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "KubeExec", DefaultParameterSetName = Run)]
[OutputType(typeof(string))]
public sealed class InvokeKubeExecCommand : KubeClusterCmdlet
{
    private const string Run = "Run";
    private const string InteractiveSet = "Interactive";

    /// <summary>How long a command may go on after the end of input before the user is told that v4 cannot close stdin.</summary>
    private static readonly TimeSpan StdinHint = TimeSpan.FromSeconds(2);

    private RemoteCommandSession? _session;
    private Channel<RemoteCommandLine>? _lines;
    private Task? _pump;
    private string _target = "";
    private bool _sentInput;

    /// <summary>The pod, or a workload as TYPE/NAME (deploy/web): its most active pod.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "A pod name, or TYPE/NAME of a workload such as deploy/web.")]
    [ArgumentCompleter(typeof(PodNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The command and its arguments; after -- the rest of the line is taken as written.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromRemainingArguments = true, ParameterSetName = Run, HelpMessage = "The command to run and its arguments.")]
    [Parameter(Position = 1, ValueFromRemainingArguments = true, ParameterSetName = InteractiveSet)]
    public string[] Command { get; set; } = Array.Empty<string>();

    [Parameter]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [Alias("ns")]
    public string? Namespace { get; set; }

    /// <summary>The container; by default the pod's default one.</summary>
    [Parameter]
    [Alias("c")]
    public string? Container { get; set; }

    /// <summary>Pipeline input, sent to the command's stdin: each object as a line of text, byte arrays as they are.</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = Run)]
    public object? InputObject { get; set; }

    /// <summary>Write stderr lines to the output with stdout instead of the error stream.</summary>
    [Parameter(ParameterSetName = Run)]
    public SwitchParameter MergeStderr { get; set; }

    /// <summary>Open a terminal: keys go to the command (a shell, sh, by default) and its screen to this console, until it exits.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
    public SwitchParameter Interactive { get; set; }

    protected override async Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        if (Interactive.IsPresent) return;
        var (connection, pod) = await ResolveAsync(cancellationToken);
        var options = new ExecOptions { Container = Container, Stdin = MyInvocation.ExpectingInput, Stdout = true, Stderr = true };
        foreach (var part in Command) options.Command.Add(part);
        _session = await new RemoteCommandClient(connection.Rest, pod.Namespace).ExecAsync(pod.Name, options, cancellationToken);
        if (_session.ContainerDefaulted) WriteVerbose($"Defaulted container \"{_session.Container}\" of pod {_target}.");
        WriteVerbose($"Running \"{string.Join(" ", Command)}\" in pod {_target} over {_session.Protocol}.");
        _lines = Channel.CreateBounded<RemoteCommandLine>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
        var session = _session;
        var lines = _lines;
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var line in session.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
                    await lines.Writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                lines.Writer.TryComplete();
            }
            catch (Exception e)
            {
                lines.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
    }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (Interactive.IsPresent || _session is null || InputObject is null) return;
        var input = InputObject is PSObject ps ? ps.BaseObject : InputObject;
        byte[] bytes = input as byte[] ?? Encoding.UTF8.GetBytes(LanguagePrimitives.ConvertTo<string>(input) + "\n");
        await _session.WriteStdinAsync(bytes, cancellationToken);
        _sentInput = true;
        while (_lines!.Reader.TryRead(out var line)) Write(line);
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (Interactive.IsPresent)
        {
            await RunInteractiveAsync(cancellationToken);
            return;
        }
        var session = _session!;
        await using var _ = session;
        using var hint = new CancellationTokenSource();
        if (MyInvocation.ExpectingInput && !await session.CloseStdinAsync(cancellationToken) && _sentInput)
        {
            // v4 cannot say "end of input": tell the user why a command such as cat may not end.
            hint.CancelAfter(StdinHint);
        }
        bool hinted = false;
        var reader = _lines!.Reader;
        while (true)
        {
            var more = reader.WaitToReadAsync(cancellationToken).AsTask();
            if (!hinted && !more.IsCompleted && MyInvocation.ExpectingInput && _sentInput && !session.CanCloseStdin)
            {
                var wait = Task.Delay(Timeout.Infinite, hint.Token);
                if (await Task.WhenAny(more, wait) == wait)
                {
                    hinted = true;
                    WriteWarning($"The server speaks {session.Protocol}, which cannot close a command's stdin: a command that reads its input to the end (cat, wc, tar x) does not finish. Press Ctrl+C to end it, or let the command stop by itself (head -n N).");
                }
            }
            if (!await more) break;
            while (reader.TryRead(out var line)) Write(line);
        }
        await _pump!;
        RemoteCommandResult result;
        try
        {
            result = await session.Completion;
        }
        catch (RemoteCommandException e) when (!cancellationToken.IsCancellationRequested)
        {
            SetExitCode(e.IsCommandNotFound ? 127 : 1);
            WriteKubeError(e, _target);
            return;
        }
        SetExitCode(result.ExitCode);
        if (!result.Succeeded) WriteExitCodeError(result.ExitCode);
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        _session?.Dispose();
    }

    private async Task<(KubeConnection Connection, (string Namespace, string Name) Pod)> ResolveAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        string ns = string.IsNullOrEmpty(Namespace) ? connection.DefaultNamespace : Namespace!;
        (WorkloadKind kind, string name) target;
        try
        {
            target = WorkloadPods.ParseTarget(Name);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidTarget", ErrorCategory.InvalidArgument, Name));
            throw;
        }
        string pod = target.kind == WorkloadKind.Pod
            ? target.name
            : (await WorkloadPods.ActivePodAsync(connection.Clientset, target.kind, ns, target.name, cancellationToken)).Metadata!.Name!;
        _target = $"{ns}/{pod}";
        return (connection, (ns, pod));
    }

    private void Write(RemoteCommandLine line)
    {
        if (line.Stream == RemoteCommandStream.Stdout || MergeStderr.IsPresent)
        {
            WriteObject(line.Text);
            return;
        }
        WriteError(new ErrorRecord(new RemoteException(line.Text), "Stderr", ErrorCategory.NotSpecified, _target)
        {
            ErrorDetails = new ErrorDetails(line.Text),
        });
    }

    private void WriteExitCodeError(int code)
    {
        var error = new KubeExecExitCodeException(_target, Command, code);
        WriteError(new ErrorRecord(error, StreamErrorRecords.NonZeroExitCode, ErrorCategory.NotSpecified, _target)
        {
            ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = "The exit code is in $LASTEXITCODE and in the error's Exception.ExitCode." },
        });
    }

    private void SetExitCode(int code) => SessionState.PSVariable.Set("global:LASTEXITCODE", code);

    private async Task RunInteractiveAsync(CancellationToken cancellationToken)
    {
        if (!ConsoleTerminal.IsAvailable(Host))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSInvalidOperationException("-Interactive needs a console: run it in an interactive PowerShell window, not with redirected input or output."),
                "InteractiveNeedsConsole", ErrorCategory.InvalidOperation, null));
        }
        var (connection, pod) = await ResolveAsync(cancellationToken);
        using var terminal = new ConsoleTerminal();
        var options = new ExecOptions { Container = Container, Stdin = true, Stdout = true, Stderr = false, Tty = true, TerminalSize = terminal.Size };
        foreach (var part in Command.Length > 0 ? Command : new[] { "sh" }) options.Command.Add(part);
        await using var session = await new RemoteCommandClient(connection.Rest, pod.Namespace).ExecAsync(pod.Name, options, cancellationToken);
        _session = session;
        int code;
        try
        {
            code = await terminal.RunAsync(session, cancellationToken);
        }
        catch (RemoteCommandException e) when (!cancellationToken.IsCancellationRequested)
        {
            SetExitCode(e.IsCommandNotFound ? 127 : 1);
            WriteKubeError(e, _target);
            return;
        }
        SetExitCode(code);
        if (code != 0) WriteExitCodeError(code);
    }
}
