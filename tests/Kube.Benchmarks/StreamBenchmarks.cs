using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>
/// The workload-stream sections (issue 8 §6): makes the stream pod on the node, runs the logs,
/// exec and port-forward sections the run asked for, and deletes the pod's namespace. Without a
/// node (or when the pod cannot run) every row of those sections is a failed row that says why.
/// </summary>
public sealed class StreamBenchmarks
{
    private readonly BenchCluster _cluster;
    private readonly RawGet _raw;
    private readonly ProcessBenchmarks _processes;
    private readonly BenchOptions _options;

    public StreamBenchmarks(BenchCluster cluster, RawGet raw, ProcessBenchmarks processes, BenchOptions options)
    {
        _cluster = cluster;
        _raw = raw;
        _processes = processes;
        _options = options;
    }

    public async Task<List<ResultRow>> RunAsync(CancellationToken ct)
    {
        var sections = new List<(BenchSection Section, string Name, string[] Rows, Func<string, StreamPod, CancellationToken, Task<List<ResultRow>>> Run)>
        {
            (BenchSection.Logs, Report.LogsSection(_options), LogBenchmarks.RowNames, new LogBenchmarks(_cluster, _raw, _processes, _options).RunAsync),
            (BenchSection.Exec, Report.ExecSection(_options), ExecBenchmarks.RowNames, new ExecBenchmarks(_cluster, _processes, _options).RunAsync),
            (BenchSection.PortForward, Report.PortForwardSection(_options), PortForwardBenchmarks.RowNames, new PortForwardBenchmarks(_cluster, _options).RunAsync),
        };
        sections.RemoveAll(s => !_options.Measures(s.Section));

        var rows = new List<ResultRow>();
        StreamPod pod;
        try
        {
            pod = await StreamPod.EnsureAsync(_cluster, _options, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Console.WriteLine($"bench: the stream rows cannot run: {e.Message}");
            foreach (var section in sections)
                foreach (string name in section.Rows)
                    rows.Add(new ResultRow(section.Name, name) { Error = e.Message });
            await StreamPod.DeleteNamespaceAsync(_cluster);
            return rows;
        }
        try
        {
            foreach (var section in sections)
            {
                Console.WriteLine($"bench: {section.Name}");
                try
                {
                    rows.AddRange(await section.Run(section.Name, pod, ct));
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    foreach (string name in section.Rows)
                        rows.Add(new ResultRow(section.Name, name) { Error = e.Message });
                }
            }
        }
        finally
        {
            await StreamPod.DeleteNamespaceAsync(_cluster);
        }
        return rows;
    }
}
