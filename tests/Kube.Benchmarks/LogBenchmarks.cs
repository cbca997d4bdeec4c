using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.Logs;

namespace Kube.Benchmarks;

/// <summary>
/// Log throughput (issue 8 §6): the stream pod's whole log read by a raw GET of pods/log (the
/// floor), by the library as bytes and as lines, by Get-KubeLog in pwsh and by kubectl logs. Every
/// run checks that the row read the whole log, byte for byte in count: a row that reads less is
/// wrong, not fast. In-process rows and kubectl run in rounds (each once per round).
/// </summary>
public sealed class LogBenchmarks
{
    private readonly BenchCluster _cluster;
    private readonly RawGet _raw;
    private readonly ProcessBenchmarks _processes;
    private readonly BenchOptions _options;

    public LogBenchmarks(BenchCluster cluster, RawGet raw, ProcessBenchmarks processes, BenchOptions options)
    {
        _cluster = cluster;
        _raw = raw;
        _processes = processes;
        _options = options;
    }

    /// <summary>The rows this section writes, in order (also the failed rows when the pod is missing).</summary>
    public static readonly string[] RowNames = { Report.RawLogRow, Report.LogStreamRow, Report.LogLinesRow, Report.KubectlLogsRow, Report.GetKubeLogRow };

    private sealed record Scenario(ResultRow Row, bool InProcess, Func<long?, CancellationToken, Task<long>> Read);

    public async Task<List<ResultRow>> RunAsync(string section, StreamPod pod, CancellationToken ct)
    {
        string ns = StreamPod.NamespaceName;
        var pods = _cluster.Clientset.CoreV1().Pods(ns);
        string path = $"api/v1/namespaces/{ns}/pods/{pod.Name}/log?container={StreamPod.Container}";
        PodLogOptions Options(long? limit) => new() { Container = StreamPod.Container, LimitBytes = limit };
        ResultRow Row(string name, string note) => new(section, name) { BytesPerRun = pod.LogBytes, FloorKey = section, FloorName = Report.RawLogRow, Note = note };
        string lines = $"{pod.LogBytes / StreamPod.LineBytes:N0} lines of {StreamPod.LineBytes} bytes";

        var scenarios = new List<Scenario>
        {
            new(Row(Report.RawLogRow, $"GET pods/log over the library's transport (TLS, HTTP/2), body read and discarded; {lines}"), true,
                (limit, c) => _raw.ReadBodyAsync(limit is { } l ? path + "&limitBytes=" + l.ToString(CultureInfo.InvariantCulture) : path, c)),
            new(Row(Report.LogStreamRow, "pods.GetLogStreamAsync: the library's byte stream, read and discarded"), true, async (limit, c) =>
            {
                await using var stream = await pods.GetLogStreamAsync(pod.Name, Options(limit), c);
                var buffer = new byte[64 * 1024];
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, c)) > 0) total += read;
                return total;
            }),
            new(Row(Report.LogLinesRow, "pods.GetLogsAsync: a LogLine (a string) per line"), true, async (limit, c) =>
            {
                long total = 0;
                // The lines are ASCII: a line's bytes are its characters and its newline.
                await foreach (var line in pods.GetLogsAsync(pod.Name, Options(limit), c)) total += line.Line.Length + 1;
                return total;
            }),
            new(Row(Report.KubectlLogsRow, "kubectl 1.32 logs, a process per run; stdout read and discarded"), false, async (limit, c) =>
            {
                var args = new List<string> { "--kubeconfig", _options.Kubeconfig, "--context", _options.Context, "logs", "-n", ns, pod.Name, "-c", StreamPod.Container };
                if (limit is { } l) args.Add("--limit-bytes=" + l.ToString(CultureInfo.InvariantCulture));
                return (await ProcessRunner.RunAsync("kubectl", args, _options, keepStdout: false, c)).StdoutBytes;
            }),
        };

        foreach (var scenario in scenarios)
        {
            try
            {
                long warm = await scenario.Read(StreamPod.WarmBytes, ct);
                if (warm != StreamPod.WarmBytes) scenario.Row.Error = $"the warm-up read {warm:N0} bytes with limitBytes={StreamPod.WarmBytes:N0}";
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                scenario.Row.Error = e.Message;
            }
        }
        for (int run = 0; run < _options.Runs; run++)
        {
            foreach (var scenario in scenarios)
            {
                if (scenario.Row.Error is not null) continue;
                try
                {
                    long bytes = 0;
                    var sample = await Measure.RunAsync(async c => bytes = await scenario.Read(null, c), ct);
                    if (bytes != pod.LogBytes)
                    {
                        scenario.Row.Fail($"read {bytes:N0} bytes of the {pod.LogBytes:N0} the pod wrote"
                            + (bytes < pod.LogBytes ? "; if the raw GET reads as little, the kubelet rotated the log (containerLogMaxSize: /log returns the current file only)" : ""));
                        continue;
                    }
                    scenario.Row.Samples.Add(scenario.InProcess ? sample : sample with { AllocatedBytes = null });
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    scenario.Row.Fail(e.Message);
                }
            }
        }

        var rows = new List<ResultRow>();
        foreach (var scenario in scenarios) rows.Add(scenario.Row);
        rows.Add(await GetKubeLogAsync(section, pod, ct));
        return rows;
    }

    private const string GetKubeLogScript = """
        param([string] $Module, [string] $Namespace, [string] $Pod, [string] $Container, [long] $WarmBytes, [int] $Runs)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        $null = Get-KubeLog -Namespace $Namespace -Name $Pod -Container $Container -LimitBytes $WarmBytes | Measure-Object
        $samples = foreach ($i in 1..$Runs) {
            [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
            $allocated = [GC]::GetTotalAllocatedBytes($true)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $measure = Get-KubeLog -Namespace $Namespace -Name $Pod -Container $Container | Measure-Object -Property Length -Sum
            $clock.Stop()
            # ASCII lines: the bytes are the characters and one newline per line.
            [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated; Bytes = [long] $measure.Sum + $measure.Count }
        }
        ConvertTo-Json -InputObject @($samples) -Compress
        """;

    /// <summary>Get-KubeLog POD | Measure-Object in one fresh pwsh: a warm-up, then the runs, each timed inside pwsh.</summary>
    private Task<ResultRow> GetKubeLogAsync(string section, StreamPod pod, CancellationToken ct)
    {
        var row = new ResultRow(section, Report.GetKubeLogRow)
        {
            BytesPerRun = pod.LogBytes,
            FloorKey = section,
            FloorName = Report.RawLogRow,
            Note = "one pwsh, a string per line into Measure-Object -Property Length -Sum; allocated: the whole pwsh process",
        };
        return _processes.PowerShellScriptRowAsync(row, "get-kubelog.ps1", GetKubeLogScript, new[]
        {
            "-Namespace", StreamPod.NamespaceName, "-Pod", pod.Name, "-Container", StreamPod.Container,
            "-WarmBytes", StreamPod.WarmBytes.ToString(CultureInfo.InvariantCulture), "-Runs", _options.Runs.ToString(CultureInfo.InvariantCulture),
        }, sample =>
        {
            long bytes = sample.GetProperty("Bytes").GetInt64();
            if (bytes != pod.LogBytes)
                throw new InvalidOperationException($"read {bytes:N0} bytes of the {pod.LogBytes:N0} the pod wrote");
            return new Sample(sample.GetProperty("Seconds").GetDouble(), sample.GetProperty("Allocated").GetInt64());
        }, ct);
    }
}
