using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.IntegrationTests.Cache;

/// <summary>Runs only when KUBE_PS_MEASURE=1: measurements are figures to read, not assertions on speed.</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("KUBE_PS_MEASURE") != "1")
            Skip = "a measurement: set KUBE_PS_MEASURE=1 to run it (it creates 10,000 ConfigMaps)";
    }
}

/// <summary>
/// The informer's memory per object and its event throughput on 10,000 ConfigMaps of about 1.4 KB of
/// JSON each, in a namespace of its own that is deleted afterwards. Prints the figures; asserts only
/// that the cache is complete.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class InformerMeasurements
{
    private const int Count = 10_000;
    private const int TargetJsonBytes = 1400;
    private readonly ITestOutputHelper _output;

    public InformerMeasurements(ITestOutputHelper output) => _output = output;

    [MeasurementFact]
    public async Task Memory_per_object_and_events_per_second_for_10000_configmaps()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        config.Qps = 0;
        using var rest = RestClient.Create(config);
        var clientset = new Clientset(rest);
        string ns = ClusterFixture.UniqueName("informer-measure");
        await clientset.CoreV1().Namespaces().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } });
        try
        {
            var configMaps = clientset.CoreV1().ConfigMaps(ns);
            string payload = await PayloadForAsync(configMaps);
            var created = Stopwatch.StartNew();
            await ParallelAsync(Enumerable.Range(0, Count), 16, i =>
                configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = $"cm-{i:D5}", Labels = new Dictionary<string, string> { ["app"] = "measure" } }, Data = new Dictionary<string, string> { ["payload"] = payload } }));
            var sample = await configMaps.GetAsync("cm-00000");
            int jsonBytes = JsonSerializer.SerializeToUtf8Bytes(sample, KubeJsonContext.Default.CoreV1ConfigMap).Length;
            Report($"created {Count} ConfigMaps of {jsonBytes} bytes of JSON each in {created.Elapsed.TotalSeconds:0.0} s");

            // Typed informer: memory and initial list.
            long before = Settle();
            var factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions { Namespace = ns });
            var informer = factory.ConfigMaps();
            var counter = new CountingHandler();
            informer.AddEventHandler(counter);
            using var stop = new CancellationTokenSource();
            var listing = Stopwatch.StartNew();
            factory.Start(stop.Token);
            await Eventually.UntilAsync("the sync", _ => Task.FromResult(informer.HasSynced && counter.Total == Count), TimeSpan.FromMinutes(5));
            listing.Stop();
            long after = Settle();
            Assert.Equal(Count, informer.GetIndexer().Count);
            Report($"typed informer: listed and cached {Count} objects in {listing.Elapsed.TotalSeconds:0.00} s ({Count / listing.Elapsed.TotalSeconds:0} objects/s to the handler); " +
                   $"memory {(after - before) / (double)Count:0} bytes per object ({(after - before) / 1048576.0:0.0} MiB in all)");

            // Watch events end to end: patch every object; the server's write rate bounds this figure.
            counter.Reset();
            var patching = Stopwatch.StartNew();
            await ParallelAsync(Enumerable.Range(0, Count), 16, i =>
                configMaps.PatchAsync($"cm-{i:D5}", PatchType.Merge, "{\"data\":{\"n\":\"" + i + "\"}}"));
            double writeSeconds = patching.Elapsed.TotalSeconds;
            await Eventually.UntilAsync("every update", _ => Task.FromResult(counter.Updates == Count), TimeSpan.FromMinutes(5));
            Report($"watch: {Count} updates written in {writeSeconds:0.0} s ({Count / writeSeconds:0}/s); the handler had them all {counter.SinceFirst.TotalSeconds:0.0} s after the first " +
                   $"({Count / counter.SinceFirst.TotalSeconds:0} events/s, bounded by the writes); lag after the last write {patching.Elapsed.TotalSeconds - writeSeconds:0.00} s");

            // The client-side ceiling: the same objects as watch events from memory, through reflector, DeltaFIFO, indexer and handler.
            var objects = informer.GetIndexer().List().ToList();
            await stop.CancelAsync();
            await factory.ShutdownAsync();
            var inMemory = new SharedIndexInformer<ConfigMap>(new ReplayListerWatcher(objects));
            var fast = new CountingHandler();
            inMemory.AddEventHandler(fast);
            using var stopReplay = new CancellationTokenSource();
            var replay = Stopwatch.StartNew();
            var run = inMemory.RunAsync(stopReplay.Token);
            await Eventually.UntilAsync("the replay", _ => Task.FromResult(fast.Total == Count), TimeSpan.FromMinutes(2));
            replay.Stop();
            await stopReplay.CancelAsync();
            await run;
            Report($"pipeline without network: {Count} watch events through reflector, DeltaFIFO, indexer and one handler in {replay.Elapsed.TotalMilliseconds:0} ms ({Count / replay.Elapsed.TotalSeconds:0} events/s)");

            // Dynamic informer (Unstructured JSON trees) for comparison.
            GC.KeepAlive(objects);
            objects = null;
            long dynamicBefore = Settle();
            var dynamicFactory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions { Namespace = ns });
            var dynamicInformer = dynamicFactory.ForResource(new Schema.GroupVersionResource("", "v1", "configmaps"));
            using var stopDynamic = new CancellationTokenSource();
            var dynamicListing = Stopwatch.StartNew();
            dynamicFactory.Start(stopDynamic.Token);
            await dynamicFactory.WaitForCacheSyncAsync(stopDynamic.Token);
            dynamicListing.Stop();
            long dynamicAfter = Settle();
            Assert.Equal(Count, dynamicInformer.GetIndexer().Count);
            Report($"dynamic informer: listed and cached {Count} objects in {dynamicListing.Elapsed.TotalSeconds:0.00} s; memory {(dynamicAfter - dynamicBefore) / (double)Count:0} bytes per object");
            await stopDynamic.CancelAsync();
            await dynamicFactory.ShutdownAsync();
        }
        finally
        {
            await clientset.CoreV1().Namespaces().DeleteAsync(ns);
        }
    }

    private void Report(string line)
    {
        _output.WriteLine(line);
        Console.WriteLine("measure: " + line);
    }

    /// <summary>A payload that makes each ConfigMap, as the server returns it, about 1.4 KB of JSON.</summary>
    private static async Task<string> PayloadForAsync(Kube.Client.Typed.CoreV1.ConfigMapsClient configMaps)
    {
        var probe = await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "size-probe", Labels = new Dictionary<string, string> { ["app"] = "measure" } }, Data = new Dictionary<string, string> { ["payload"] = "" } });
        int overhead = JsonSerializer.SerializeToUtf8Bytes(probe, KubeJsonContext.Default.CoreV1ConfigMap).Length;
        await configMaps.DeleteAsync("size-probe");
        return new string('x', Math.Max(0, TargetJsonBytes - overhead - 10));
    }

    private static long Settle()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task ParallelAsync(IEnumerable<int> items, int degree, Func<int, Task> action)
    {
        using var gate = new SemaphoreSlim(degree);
        await Task.WhenAll(items.Select(async i =>
        {
            await gate.WaitAsync();
            try { await action(i); }
            finally { gate.Release(); }
        }));
    }

    private sealed class CountingHandler : IResourceEventHandler<ConfigMap>
    {
        private int _adds;
        private int _updates;
        private long _firstTicks;
        private long _lastTicks;

        public int Total => Volatile.Read(ref _adds) + Volatile.Read(ref _updates);

        public int Updates => Volatile.Read(ref _updates);

        public TimeSpan SinceFirst => TimeSpan.FromTicks(Interlocked.Read(ref _lastTicks) - Interlocked.Read(ref _firstTicks));

        public void Reset()
        {
            _adds = 0;
            _updates = 0;
            _firstTicks = 0;
        }

        public void OnAdd(ConfigMap obj, bool isInInitialList)
        {
            Stamp();
            Interlocked.Increment(ref _adds);
        }

        public void OnUpdate(ConfigMap oldObj, ConfigMap newObj)
        {
            Stamp();
            Interlocked.Increment(ref _updates);
        }

        public void OnDelete(object obj)
        {
        }

        private void Stamp()
        {
            long now = Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency;
            Interlocked.CompareExchange(ref _firstTicks, now, 0);
            Interlocked.Exchange(ref _lastTicks, now);
        }
    }

    /// <summary>An empty list, then the given objects as Added events from memory, then a watch that waits.</summary>
    private sealed class ReplayListerWatcher : IListerWatcher<ConfigMap>
    {
        private readonly IReadOnlyList<ConfigMap> _objects;
        private int _watches;

        public ReplayListerWatcher(IReadOnlyList<ConfigMap> objects) => _objects = objects;

        public Task<IKubeList<ConfigMap>> ListAsync(ListOptions options, CancellationToken cancellationToken) =>
            Task.FromResult<IKubeList<ConfigMap>>(new ConfigMapList { Metadata = new ListMeta { ResourceVersion = "1" }, Items = new List<ConfigMap>() });

        public async IAsyncEnumerable<WatchEvent<ConfigMap>> WatchAsync(ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _watches) == 1)
                foreach (var obj in _objects) yield return new WatchEvent<ConfigMap>(WatchEventType.Added, obj);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
