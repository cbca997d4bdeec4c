using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Benchmarks;

/// <summary>
/// Watch throughput: an informer on a fresh namespace with one counting handler, while a writer
/// (16 at a time) creates, then updates, then deletes N ConfigMaps. Events per second are counted
/// from the first event the handler gets to the last; the server's write rate bounds the figure,
/// so the writes per second are printed beside it. The namespace is deleted afterwards.
/// </summary>
public sealed class WatchBenchmark
{
    private readonly BenchCluster _cluster;

    public WatchBenchmark(BenchCluster cluster) => _cluster = cluster;

    public async Task<List<ResultRow>> RunAsync(string section, int count, CancellationToken ct)
    {
        var delivered = new ResultRow(section, $"watch: events/s to a handler ({count:N0} creates + updates + deletes)") { Unit = "events/s" };
        var writes = new ResultRow(section, "watch: the writer's rate (bounds the row above)") { Unit = "writes/s" };
        var lag = new ResultRow(section, "watch: last event after the last write") { Unit = "s" };
        string ns = "kube-ps-bench-watch-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var namespaces = _cluster.Clientset.CoreV1().Namespaces();
        await namespaces.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } }, cancellationToken: ct);
        try
        {
            var factory = new SharedInformerFactory(_cluster.Json, new SharedInformerFactoryOptions { Namespace = ns });
            var informer = factory.ConfigMaps();
            // Only the writer's objects: the namespace has its own kube-root-ca.crt ConfigMap.
            var handler = new CountingHandler("w-");
            informer.AddEventHandler(handler);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            factory.Start(stop.Token);
            await informer.WaitForCacheSyncAsync(stop.Token);

            var client = _cluster.Clientset.CoreV1().ConfigMaps(ns);
            string payload = SeedObjects.Properties(0, 1000);
            var writer = Stopwatch.StartNew();
            await Seeder.ParallelAsync(Enumerable.Range(0, count), i => client.CreateAsync(new ConfigMap
            {
                Metadata = new ObjectMeta { Name = Seeder.ItemName("w", i), Labels = new Dictionary<string, string> { ["app"] = "watch" } },
                Data = new Dictionary<string, string> { ["application.properties"] = payload },
            }, cancellationToken: ct), ct);
            await Seeder.ParallelAsync(Enumerable.Range(0, count), i =>
                client.PatchAsync(Seeder.ItemName("w", i), PatchType.Merge, "{\"data\":{\"generation\":\"2\"}}", cancellationToken: ct), ct);
            await Seeder.ParallelAsync(Enumerable.Range(0, count), i => client.DeleteAsync(Seeder.ItemName("w", i), cancellationToken: ct), ct);
            writer.Stop();
            var deadline = Stopwatch.StartNew();
            while (handler.Total < 3 * count && deadline.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(20, ct);
            double afterWrites = deadline.Elapsed.TotalSeconds;
            await stop.CancelAsync();
            await factory.ShutdownAsync();
            if (handler.Total != 3 * count)
                throw new InvalidOperationException($"the handler got {handler.Adds} adds, {handler.Updates} updates and {handler.Deletes} deletes; expected {count} of each");
            delivered.Value = 3 * count / handler.SinceFirst.TotalSeconds;
            delivered.Note = $"{3 * count:N0} events in {handler.SinceFirst.TotalSeconds:0.0} s; one run";
            writes.Value = 3 * count / writer.Elapsed.TotalSeconds;
            writes.Note = $"{3 * count:N0} writes in {writer.Elapsed.TotalSeconds:0.0} s, 16 in flight";
            lag.Value = afterWrites;
            lag.Note = "time from the writer's last answer until the handler had every event";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            delivered.Error = writes.Error = lag.Error = e.Message;
        }
        finally
        {
            await namespaces.DeleteAsync(ns, cancellationToken: CancellationToken.None);
        }
        return new List<ResultRow> { delivered, writes, lag };
    }

    private sealed class CountingHandler : IResourceEventHandler<ConfigMap>
    {
        private readonly string _prefix;
        private int _adds;
        private int _updates;
        private int _deletes;
        private long _first;
        private long _last;

        public CountingHandler(string prefix) => _prefix = prefix;

        public int Adds => Volatile.Read(ref _adds);
        public int Updates => Volatile.Read(ref _updates);
        public int Deletes => Volatile.Read(ref _deletes);
        public int Total => Adds + Updates + Deletes;

        public TimeSpan SinceFirst => Stopwatch.GetElapsedTime(Interlocked.Read(ref _first), Interlocked.Read(ref _last));

        public void OnAdd(ConfigMap obj, bool isInInitialList)
        {
            if (!Mine(obj)) return;
            Stamp();
            Interlocked.Increment(ref _adds);
        }

        public void OnUpdate(ConfigMap oldObj, ConfigMap newObj)
        {
            if (!Mine(newObj)) return;
            Stamp();
            Interlocked.Increment(ref _updates);
        }

        public void OnDelete(object obj)
        {
            if (obj is ConfigMap cm && !Mine(cm)) return;
            Stamp();
            Interlocked.Increment(ref _deletes);
        }

        private bool Mine(ConfigMap obj) => obj.Metadata?.Name?.StartsWith(_prefix, StringComparison.Ordinal) == true;

        private void Stamp()
        {
            long now = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref _first, now, 0);
            Interlocked.Exchange(ref _last, now);
        }
    }
}
