using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.PortForward;

namespace Kube.Benchmarks;

/// <summary>
/// Port-forward throughput (issue 8 §6): one HTTP GET of the stream pod's big file (busybox httpd)
/// straight to the pod's IP on the node's bridge (the floor), through the library's
/// <see cref="PortForwarder"/> and through `kubectl port-forward`, each on a fresh connection and
/// with the same client (<see cref="PlainHttpGet"/>). Both forwards listen on 127.0.0.1 and are
/// started once; the rows run in rounds. Every run checks the whole body arrived.
/// </summary>
public sealed class PortForwardBenchmarks
{
    private readonly BenchCluster _cluster;
    private readonly BenchOptions _options;

    public PortForwardBenchmarks(BenchCluster cluster, BenchOptions options)
    {
        _cluster = cluster;
        _options = options;
    }

    public static readonly string[] RowNames = { Report.DirectPodRow, Report.PortForwarderRow, Report.KubectlPortForwardRow };

    public async Task<List<ResultRow>> RunAsync(string section, StreamPod pod, CancellationToken ct)
    {
        ResultRow Row(string name, string note) => new(section, name) { BytesPerRun = pod.FileBytes, FloorKey = section, FloorName = Report.DirectPodRow, Note = note };
        var direct = Row(Report.DirectPodRow, $"http://{pod.PodIP}:{StreamPod.HttpPort} on the node's bridge, no forward");
        var ours = Row(Report.PortForwarderRow, "pods.PortForwardAsync on 127.0.0.1; a WebSocket (portforward.k8s.io) per connection");
        var kubectl = Row(Report.KubectlPortForwardRow, "kubectl 1.32 port-forward on 127.0.0.1, started once");
        var rows = new List<ResultRow> { direct, ours, kubectl };
        var targets = new Dictionary<ResultRow, IPEndPoint> { [direct] = new IPEndPoint(IPAddress.Parse(pod.PodIP), StreamPod.HttpPort) };

        PortForwarder? forwarder = null;
        KubectlPortForward? kubectlForward = null;
        try
        {
            try
            {
                forwarder = await _cluster.Clientset.CoreV1().Pods(StreamPod.NamespaceName)
                    .PortForwardAsync(pod.Name, new[] { new PortMapping(0, StreamPod.HttpPort) }, cancellationToken: ct);
                targets[ours] = new IPEndPoint(IPAddress.Loopback, forwarder.Ports[0].LocalPort);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                ours.Error = e.Message;
            }
            try
            {
                kubectlForward = await KubectlPortForward.StartAsync(_options, StreamPod.NamespaceName, pod.Name, StreamPod.HttpPort, ct);
                targets[kubectl] = new IPEndPoint(IPAddress.Loopback, kubectlForward.LocalPort);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                kubectl.Error = e.Message;
            }

            var buffer = new byte[256 * 1024];
            foreach (var row in rows.Where(r => r.Error is null))
            {
                try
                {
                    long warm = await PlainHttpGet.ReadAsync(targets[row], StreamPod.WarmPath, buffer, ct);
                    if (warm != StreamPod.WarmBytes) row.Error = $"the warm-up GET read {warm:N0} bytes of {StreamPod.WarmBytes:N0}";
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    row.Error = Explain(row, e.Message, forwarder, kubectlForward);
                }
            }
            for (int run = 0; run < _options.Runs; run++)
            {
                foreach (var row in rows)
                {
                    if (row.Error is not null) continue;
                    try
                    {
                        long bytes = 0;
                        var sample = await Measure.RunAsync(async c => bytes = await PlainHttpGet.ReadAsync(targets[row], StreamPod.FilePath, buffer, c), ct);
                        if (bytes != pod.FileBytes)
                        {
                            row.Fail($"read {bytes:N0} bytes of {pod.FileBytes:N0}");
                            continue;
                        }
                        // Only our forward runs in this process; the other rows' allocations are the client's alone.
                        row.Samples.Add(row == ours ? sample : sample with { AllocatedBytes = null });
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        row.Fail(Explain(row, e.Message, forwarder, kubectlForward));
                    }
                }
            }
            if (forwarder is not null && forwarder.RecentErrors.Count > 0 && ours.Error is null)
                ours.Note += $"; connection errors: {string.Join("; ", forwarder.RecentErrors.Select(e => e.Message))}";
        }
        finally
        {
            if (forwarder is not null) await forwarder.DisposeAsync();
            if (kubectlForward is not null) await kubectlForward.DisposeAsync();
        }
        return rows;
    }

    /// <summary>A failed GET through a forward, with what the forward itself reported.</summary>
    private static string Explain(ResultRow row, string message, PortForwarder? forwarder, KubectlPortForward? kubectl)
    {
        string? reported = row.Name == Report.PortForwarderRow ? forwarder?.RecentErrors.LastOrDefault()?.Message
            : row.Name == Report.KubectlPortForwardRow ? kubectl?.Errors
            : null;
        return string.IsNullOrEmpty(reported) ? message : $"{message} (the forward reported: {reported})";
    }
}
