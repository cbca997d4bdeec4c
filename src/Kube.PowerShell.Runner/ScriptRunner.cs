using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.PowerShell.Runner;

/// <summary>
/// Runs the script in a runspace with Kube.PowerShell imported, writes its streams to the log as
/// they come, and stops it as Ctrl+C would when <see cref="RequestStop"/> is called (SIGTERM), so
/// its cmdlets see StopProcessing: Start-KubeController cancels its work and releases its Lease.
/// </summary>
public sealed class ScriptRunner
{
    public const int ExitOk = 0;
    public const int ExitScriptFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitStopTimeout = 3;

    private readonly RunnerOptions _options;
    private readonly RunnerLog _log;
    private readonly object _gate = new();
    private System.Management.Automation.PowerShell? _powerShell;
    private volatile bool _started;
    private volatile bool _ended;
    private string? _stopReason;

    public ScriptRunner(RunnerOptions options, RunnerLog log)
    {
        _options = options;
        _log = log;
    }

    /// <summary>The first call stops the script and gives it the stop timeout; a second one exits at once.</summary>
    public void RequestStop(string reason)
    {
        System.Management.Automation.PowerShell? ps;
        lock (_gate)
        {
            if (_stopReason is not null)
            {
                _log.Warning($"{reason} again: exiting without waiting for the script");
                Environment.Exit(ExitStopTimeout);
            }
            _stopReason = reason;
            ps = _powerShell;
        }
        _log.Info($"{reason}: stopping the script (up to {_options.StopTimeout.TotalSeconds:0.#} s)");
        ps?.BeginStop(null, null);
        _ = Task.Delay(_options.StopTimeout).ContinueWith(_ =>
        {
            if (_ended) return;
            _log.Error($"the script did not stop within {_options.StopTimeout.TotalSeconds:0.#} s of {reason}; exiting");
            Environment.Exit(ExitStopTimeout);
        }, TaskScheduler.Default);
    }

    public async Task<int> RunAsync()
    {
        string manifest = ResolveModule(_options.ModulePath);
        // Scripts that Import-Module Kube.PowerShell by name find the same copy.
        string modulesFolder = Path.GetDirectoryName(Path.GetDirectoryName(manifest)!)!;
        string? path = Environment.GetEnvironmentVariable("PSModulePath");
        Environment.SetEnvironmentVariable("PSModulePath", string.IsNullOrEmpty(path) ? modulesFolder : modulesFolder + Path.PathSeparator + path);

        await using var health = _options.HealthPort > 0 ? new HealthServer(_options.HealthPort, () => !_ended, () => _started && !_ended, _log) : null;
        try
        {
            return await InvokeAsync(manifest).ConfigureAwait(false);
        }
        finally
        {
            _ended = true;
        }
    }

    private async Task<int> InvokeAsync(string manifest)
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(new[] { manifest });
        iss.ThrowOnRunspaceOpenError = true;
        using var runspace = RunspaceFactory.CreateRunspace(iss);
        try
        {
            runspace.Open();
        }
        catch (Exception e) when (e is RuntimeException or PSInvalidOperationException)
        {
            _log.Error($"importing the module {manifest} failed: {e.Message}");
            return ExitUsage;
        }
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        if (_options.ScriptPath is { } script)
        {
            ps.AddScript(ScriptCommandLine.Build(script, _options.ScriptArguments));
        }
        else
        {
            ps.AddScript(_options.Command!);
            foreach (string argument in _options.ScriptArguments) ps.AddArgument(argument);
        }
        // Objects reach the log as the text PowerShell would show for them, a line at a time.
        ps.AddCommand("Out-String").AddParameter("Stream").AddParameter("Width", 250);
        Forward(ps.Streams);
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) =>
        {
            string? line = output[e.Index]?.BaseObject?.ToString();
            if (!string.IsNullOrWhiteSpace(line)) _log.Info(line!);
        };

        lock (_gate)
        {
            if (_stopReason is not null) return ExitOk;
            _powerShell = ps;
        }
        string module = ModuleVersion(runspace);
        _log.Info($"kube-ps-runner: PowerShell {PSVersion()}, Kube.PowerShell {module} from {Path.GetDirectoryName(manifest)}; running {_options.ScriptPath ?? "the --command script"}");
        LogPodFacts();
        _started = true;
        try
        {
            await Task.Factory.FromAsync(ps.BeginInvoke<PSObject, PSObject>(null, output), ps.EndInvoke).ConfigureAwait(false);
        }
        catch (PipelineStoppedException) when (_stopReason is not null)
        {
            _log.Info($"the script stopped after {_stopReason}");
            return ExitOk;
        }
        catch (RuntimeException e)
        {
            _log.Error(Describe(e.ErrorRecord, terminating: true));
            _log.Error("the script ended with a terminating error");
            return ExitScriptFailed;
        }
        if (_stopReason is not null)
        {
            _log.Info($"the script stopped after {_stopReason}");
            return ExitOk;
        }
        _log.Info("the script ended");
        return ExitOk;
    }

    /// <summary>In a pod, where the module's in-cluster config will look (it does not print it itself).</summary>
    private void LogPodFacts()
    {
        const string account = "/var/run/secrets/kubernetes.io/serviceaccount";
        string? host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        string? port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || !File.Exists(Path.Combine(account, "token"))) return;
        string ca = File.Exists(Path.Combine(account, "ca.crt")) ? "token file " + account + "/token, CA " + account + "/ca.crt" : "token file " + account + "/token, no ca.crt";
        _log.Info($"in a pod: API server https://{(host.Contains(':') ? "[" + host + "]" : host)}:{port} (KUBERNETES_SERVICE_HOST/PORT), {ca}; without a kubeconfig file the module uses them");
    }

    private void Forward(PSDataStreams streams)
    {
        streams.Error.DataAdded += (_, e) => _log.Error(Describe(streams.Error[e.Index], terminating: false));
        streams.Warning.DataAdded += (_, e) => _log.Warning(streams.Warning[e.Index].Message);
        streams.Verbose.DataAdded += (_, e) => _log.Verbose(streams.Verbose[e.Index].Message);
        streams.Debug.DataAdded += (_, e) => _log.Debug(streams.Debug[e.Index].Message);
        streams.Information.DataAdded += (_, e) => _log.Info(streams.Information[e.Index].MessageData?.ToString() ?? "");
    }

    /// <summary>The record's message and id; for a terminating error also where the script was.</summary>
    private static string Describe(ErrorRecord record, bool terminating)
    {
        string text = $"{record} [{record.FullyQualifiedErrorId}]";
        if (record.TargetObject is string target && !text.Contains(target, StringComparison.Ordinal)) text += $" (target {target})";
        if (terminating && !string.IsNullOrEmpty(record.ScriptStackTrace)) text += "\n" + record.ScriptStackTrace;
        return text;
    }

    /// <summary>The imported module's version (asked on a pipeline of its own: the runspace has no default one on this thread).</summary>
    private static string ModuleVersion(Runspace runspace)
    {
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        ps.AddCommand("Get-Module").AddParameter("Name", "Kube.PowerShell");
        return ps.Invoke<PSModuleInfo>().FirstOrDefault()?.Version?.ToString() ?? "?";
    }

    private static string PSVersion() =>
        typeof(System.Management.Automation.PowerShell).Assembly.GetName().Version?.ToString(3) ?? "?";

    /// <summary>A module folder holds Kube.PowerShell.psd1; a file must be that manifest.</summary>
    private static string ResolveModule(string path)
    {
        string full = Path.GetFullPath(path);
        string manifest = Directory.Exists(full) ? Path.Combine(full, "Kube.PowerShell.psd1") : full;
        if (!File.Exists(manifest))
            throw new ArgumentException(Directory.Exists(full)
                ? $"the module folder {full} has no Kube.PowerShell.psd1 (give the folder that build.ps1 Build lays out)"
                : $"the module {full} does not exist (set --module or ${RunnerOptions.ModuleVariable})");
        return manifest;
    }
}
