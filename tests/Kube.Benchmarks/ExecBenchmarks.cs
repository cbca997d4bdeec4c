using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.RemoteCommand;

namespace Kube.Benchmarks;

/// <summary>
/// Exec round trips (issue 8 §6): <see cref="BenchOptions.ExecCalls"/> × `echo ok` in the stream
/// pod, one after the other, through one <see cref="RemoteCommandClient"/> in process, through a
/// kubectl exec process per call, and through Invoke-KubeExec in one pwsh. A run's figure is the
/// time per call; every call's output and exit code are checked.
/// </summary>
public sealed class ExecBenchmarks
{
    private const string Expected = "ok";

    private readonly BenchCluster _cluster;
    private readonly ProcessBenchmarks _processes;
    private readonly BenchOptions _options;

    public ExecBenchmarks(BenchCluster cluster, ProcessBenchmarks processes, BenchOptions options)
    {
        _cluster = cluster;
        _processes = processes;
        _options = options;
    }

    public static readonly string[] RowNames = { Report.ExecInProcessRow, Report.KubectlExecRow, Report.InvokeKubeExecRow };

    public async Task<List<ResultRow>> RunAsync(string section, StreamPod pod, CancellationToken ct)
    {
        int calls = _options.ExecCalls;
        var client = new RemoteCommandClient(_cluster.Json, StreamPod.NamespaceName);
        var ours = new ResultRow(section, Report.ExecInProcessRow) { Note = $"{calls} calls in a row; a WebSocket (v4.channel.k8s.io from this server) per call; allocated: per call" };
        var kubectl = new ResultRow(section, Report.KubectlExecRow) { Note = $"{calls} kubectl 1.32 exec processes in a row" };

        async Task InProcessAsync(int n, CancellationToken c)
        {
            using var stdout = new MemoryStream();
            using var stderr = new MemoryStream();
            for (int i = 0; i < n; i++)
            {
                stdout.SetLength(0);
                stderr.SetLength(0);
                var result = await client.RunAsync(pod.Name, new ExecOptions { Container = StreamPod.Container, Command = { "echo", Expected } }, null, stdout, stderr, c);
                Check(result.ExitCode, Encoding.UTF8.GetString(stdout.GetBuffer(), 0, (int)stdout.Length), Encoding.UTF8.GetString(stderr.GetBuffer(), 0, (int)stderr.Length));
            }
        }

        var kubectlArgs = new[] { "--kubeconfig", _options.Kubeconfig, "--context", _options.Context, "exec", "-n", StreamPod.NamespaceName, pod.Name, "-c", StreamPod.Container, "--", "echo", Expected };
        async Task KubectlAsync(int n, CancellationToken c)
        {
            for (int i = 0; i < n; i++)
            {
                var result = await ProcessRunner.RunAsync("kubectl", kubectlArgs, _options, keepStdout: true, c);
                Check(result.ExitCode, result.Stdout, result.Stderr);
            }
        }

        var scenarios = new List<(ResultRow Row, bool InProcess, Func<int, CancellationToken, Task> Run)>
        {
            (ours, true, InProcessAsync),
            (kubectl, false, KubectlAsync),
        };
        foreach (var (row, _, run) in scenarios)
        {
            try
            {
                await run(3, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                row.Error = e.Message;
            }
        }
        for (int r = 0; r < _options.Runs; r++)
        {
            foreach (var (row, inProcess, run) in scenarios)
            {
                if (row.Error is not null) continue;
                try
                {
                    var sample = await Measure.RunAsync(c => run(calls, c), ct);
                    row.Samples.Add(new Sample(sample.Seconds / calls, inProcess ? sample.AllocatedBytes / calls : null));
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    row.Fail(e.Message);
                }
            }
        }
        if (ours.Time is { } o && kubectl.Time is { } k && o.Median > 0)
        {
            ours.Ratio = k.Median / o.Median;
            ours.RatioBasis = "faster than kubectl exec";
        }
        return new List<ResultRow> { ours, kubectl, await InvokeKubeExecAsync(section, pod, ct) };
    }

    private static void Check(int exitCode, string stdout, string stderr)
    {
        if (exitCode != 0 || stdout != Expected + "\n")
            throw new InvalidOperationException($"echo {Expected} ended with exit code {exitCode}, stdout \"{stdout.Trim()}\", stderr \"{stderr.Trim()}\"");
    }

    private const string InvokeKubeExecScript = """
        param([string] $Module, [string] $Namespace, [string] $Pod, [string] $Container, [int] $Calls, [int] $Runs)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        foreach ($i in 1..3) { $null = Invoke-KubeExec -Namespace $Namespace -Name $Pod -Container $Container -Command 'echo', 'ok' }
        $samples = foreach ($i in 1..$Runs) {
            [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
            $allocated = [GC]::GetTotalAllocatedBytes($true)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            for ($c = 0; $c -lt $Calls; $c++) {
                $out = Invoke-KubeExec -Namespace $Namespace -Name $Pod -Container $Container -Command 'echo', 'ok'
                if ($out -ne 'ok' -or $LASTEXITCODE -ne 0) { throw "Invoke-KubeExec echo ok wrote '$out' (exit code $LASTEXITCODE)" }
            }
            $clock.Stop()
            [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds / $Calls; Allocated = ([GC]::GetTotalAllocatedBytes($true) - $allocated) / $Calls }
        }
        ConvertTo-Json -InputObject @($samples) -Compress
        """;

    private Task<ResultRow> InvokeKubeExecAsync(string section, StreamPod pod, CancellationToken ct)
    {
        var row = new ResultRow(section, Report.InvokeKubeExecRow) { Note = $"{_options.ExecCalls} calls in one pwsh; allocated: the whole pwsh process, per call" };
        return _processes.PowerShellScriptRowAsync(row, "invoke-kubeexec.ps1", InvokeKubeExecScript, new[]
        {
            "-Namespace", StreamPod.NamespaceName, "-Pod", pod.Name, "-Container", StreamPod.Container,
            "-Calls", _options.ExecCalls.ToString(CultureInfo.InvariantCulture), "-Runs", _options.Runs.ToString(CultureInfo.InvariantCulture),
        }, sample => new Sample(sample.GetProperty("Seconds").GetDouble(), (long)sample.GetProperty("Allocated").GetDouble()), ct);
    }
}
