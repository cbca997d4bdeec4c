using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Benchmarks;

/// <summary>
/// Watch throughput and the client's cost per event: the harness creates, then patches, then deletes
/// N ConfigMaps in a fresh namespace with <see cref="Writers"/> requests in flight, while two
/// informers watch that namespace, each in a process of its own so that its CPU time is its own:
/// ours (<see cref="InformerWatchChild"/>) and client-go's (tools/go/clientgo-bench). Each counts the
/// events its handler gets after its sync, and times them (wall and CPU) from the first to the last. When both keep pace with the writer,
/// the server's write rate is the bound and the CPU time per event is the figure that compares the clients.
/// </summary>
public sealed class WatchBenchmark
{
    /// <summary>Requests in flight: enough that the apiserver (and etcd), not the writer, bounds the write rate.</summary>
    public const int Writers = 64;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private readonly BenchCluster _cluster;
    private readonly ClientGo? _clientGo;
    private readonly string? _clientGoError;

    public WatchBenchmark(BenchCluster cluster, ClientGo? clientGo, string? clientGoError)
    {
        _cluster = cluster;
        _clientGo = clientGo;
        _clientGoError = clientGoError;
    }

    public async Task<List<ResultRow>> RunAsync(string section, int count, CancellationToken ct)
    {
        long events = 3L * count;
        var writes = new ResultRow(section, $"watch: the writer, {count:N0} creates + patches + deletes of ConfigMaps") { Unit = "writes/s" };
        var ours = new ResultRow(section, "watch: Kube.Client informer, events/s to a handler") { Unit = "events/s" };
        var oursCpu = new ResultRow(section, "watch: Kube.Client informer, CPU time per event") { Unit = "µs/event" };
        var go = new ResultRow(section, $"watch: {ClientGo.Name} informer, events/s to a handler") { Unit = "events/s" };
        var goCpu = new ResultRow(section, $"watch: {ClientGo.Name} informer, CPU time per event") { Unit = "µs/event" };
        var rows = new List<ResultRow> { writes, ours, oursCpu, go, goCpu };

        string ns = "kube-ps-bench-watch-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var namespaces = _cluster.Clientset.CoreV1().Namespaces();
        await namespaces.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } }, cancellationToken: ct);
        using var child = StartOurs(ns, events);
        try
        {
            var oursDone = ReadChildAsync(child, ct);
            var goWatch = _clientGo is null ? default : await _clientGo.WatchAsync("configmaps", ns, events, Timeout, ct);
            await oursDone.Ready;
            if (_clientGo is not null) await goWatch.Ready;

            var client = _cluster.Clientset.CoreV1().ConfigMaps(ns);
            string payload = SeedObjects.Properties(0, 1000);
            var writer = Stopwatch.StartNew();
            await Seeder.ParallelAsync(Enumerable.Range(0, count), i => client.CreateAsync(new ConfigMap
            {
                Metadata = new ObjectMeta { Name = Seeder.ItemName("w", i), Labels = new Dictionary<string, string> { ["app"] = "watch" } },
                Data = new Dictionary<string, string> { ["application.properties"] = payload },
            }, cancellationToken: ct), ct, Writers);
            await Seeder.ParallelAsync(Enumerable.Range(0, count), i =>
                client.PatchAsync(Seeder.ItemName("w", i), PatchType.Merge, "{\"data\":{\"generation\":\"2\"}}", cancellationToken: ct), ct, Writers);
            await Seeder.ParallelAsync(Enumerable.Range(0, count), i => client.DeleteAsync(Seeder.ItemName("w", i), cancellationToken: ct), ct, Writers);
            writer.Stop();
            writes.Value = events / writer.Elapsed.TotalSeconds;
            writes.Note = $"{events:N0} writes in {writer.Elapsed.TotalSeconds:0.0} s, {Writers} in flight, from the harness";

            await FillAsync(ours, oursCpu, oursDone.Done, events, "Kube.Benchmarks watch-informer: a typed informer (JSON)");
            if (_clientGo is null)
                go.Error = goCpu.Error = _clientGoError ?? "client-go is not available";
            else
                await FillAsync(go, goCpu, goWatch.Done, events, "tools/go/clientgo-bench: informers.NewSharedInformerFactoryWithOptions (JSON)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var row in rows.Where(r => r.Value is null && r.Error is null)) row.Error = e.Message;
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
            await namespaces.DeleteAsync(ns, cancellationToken: CancellationToken.None);
        }
        return rows;
    }

    private static async Task FillAsync(ResultRow rate, ResultRow cpu, Task<(long Events, double Seconds, double CpuSeconds)> done, long expected, string what)
    {
        try
        {
            var (events, seconds, cpuSeconds) = await done;
            if (events != expected) throw new InvalidOperationException($"{what}: counted {events:N0} of the {expected:N0} events");
            rate.Value = events / seconds;
            rate.Note = $"{events:N0} events in {seconds:0.0} s, from its first event to its last; {what}, a process of its own";
            cpu.Value = cpuSeconds / events * 1e6;
            cpu.Note = $"{cpuSeconds:0.00} s of CPU (user + system, its whole process) from its first event to its last, over {events:N0} events";
        }
        catch (InvalidOperationException e)
        {
            rate.Error = cpu.Error = e.Message;
        }
    }

    private Process StartOurs(string ns, long events)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(WatchBenchmark).Assembly.Location);
        foreach (string arg in InformerWatchChild.Arguments(_cluster.Options, ns, events, Timeout)) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start Kube.Benchmarks watch-informer");
    }

    /// <summary>The child's two lines: ready once synced, then its figures (or its error).</summary>
    private static (Task Ready, Task<(long, double, double)> Done) ReadChildAsync(Process child, CancellationToken ct)
    {
        var ready = ChildAnswers.ReadAsync(child, "watch-informer", ct);
        async Task<(long, double, double)> Done()
        {
            await ready;
            return ChildAnswers.WatchFigures(await ChildAnswers.ReadAsync(child, "watch-informer", ct));
        }
        return (ready, Done());
    }
}
