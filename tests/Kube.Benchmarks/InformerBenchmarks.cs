using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Typed;

namespace Kube.Benchmarks;

/// <summary>
/// A typed informer's initial sync (list in pages of 500, into the indexer) and the heap its cache
/// holds afterwards per object: GC.GetTotalMemory(true) before the factory is made and after the
/// sync, divided by the count. A warm-up sync comes first, so pooled buffers and JIT code are in
/// the "before" figure rather than charged to the objects.
/// </summary>
public sealed class InformerBenchmarks
{
    private readonly BenchCluster _cluster;
    private readonly ClientGo? _clientGo;
    private readonly string? _clientGoError;

    public InformerBenchmarks(BenchCluster cluster, ClientGo? clientGo, string? clientGoError)
    {
        _cluster = cluster;
        _clientGo = clientGo;
        _clientGoError = clientGoError;
    }

    public async Task<List<ResultRow>> RunAsync<T, TList>(string section, string what, ResourceDescriptor<T, TList> descriptor, string ns, int expected,
        double jsonBytesPerObject, int runs, CancellationToken ct)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        var syncJson = new ResultRow(section, $"informer initial sync, {what}, JSON") { Note = "pages of 500 into the indexer" };
        var syncProtobuf = new ResultRow(section, $"informer initial sync, {what}, protobuf") { Note = "pages of 500 into the indexer" };
        var memory = new ResultRow(section, $"informer memory per cached {descriptor.Kind}") { Unit = "bytes/object", RatioBasis = "JSON size" };
        var unshared = new ResultRow(section, $"informer memory per cached {descriptor.Kind}, strings not shared (before)") { Unit = "bytes/object", RatioBasis = "JSON size" };
        var dropped = new ResultRow(section, $"informer memory per cached {descriptor.Kind}, managedFields dropped") { Unit = "bytes/object", RatioBasis = "JSON size" };
        var dynamicDropped = new ResultRow(section, $"dynamic informer memory per cached {descriptor.Kind}, managedFields dropped (the cmdlets')") { Unit = "bytes/object", RatioBasis = "JSON size" };
        var perObject = new List<double>();
        var perObjectUnshared = new List<double>();
        var perObjectDropped = new List<double>();
        var perObjectDynamic = new List<double>();
        try
        {
            await SyncOnceAsync(_cluster.Json, descriptor, ns, expected, shareStrings: true, ct);
            for (int i = 0; i < runs; i++)
            {
                var (seconds, bytes) = await SyncOnceAsync(_cluster.Json, descriptor, ns, expected, shareStrings: true, ct);
                syncJson.Samples.Add(new Sample(seconds, null));
                perObject.Add(bytes / (double)expected);
                var (pbSeconds, _) = await SyncOnceAsync(_cluster.Protobuf, descriptor, ns, expected, shareStrings: true, ct);
                syncProtobuf.Samples.Add(new Sample(pbSeconds, null));
                var (_, unsharedBytes) = await SyncOnceAsync(_cluster.Json, descriptor, ns, expected, shareStrings: false, ct);
                perObjectUnshared.Add(unsharedBytes / (double)expected);
                var (_, droppedBytes) = await SyncOnceAsync(_cluster.Json, descriptor, ns, expected, shareStrings: true, ct, ObjectTransforms.DropManagedFields);
                perObjectDropped.Add(droppedBytes / (double)expected);
                var (_, dynamicBytes) = await SyncOnceAsync(_cluster.Json, descriptor, ns, expected, shareStrings: true, ct, ObjectTransforms.DropManagedFields, dynamic: true);
                perObjectDynamic.Add(dynamicBytes / (double)expected);
            }
            Fill(memory, perObject, jsonBytesPerObject, "every short string repeated across objects shared (pooled on its second sighting); ConfigMap data kept as UTF-8 until read");
            Fill(unshared, perObjectUnshared, jsonBytesPerObject, "SharedIndexInformerOptions.ShareStrings = false");
            Fill(dropped, perObjectDropped, jsonBytesPerObject, "Transform = ObjectTransforms.DropManagedFields (client-go's SetTransform)");
            Fill(dynamicDropped, perObjectDynamic, jsonBytesPerObject, "Unstructured kept as checked UTF-8, managedFields cut from the bytes");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            syncJson.Error = syncProtobuf.Error = memory.Error = unshared.Error = dropped.Error = dynamicDropped.Error = e.Message;
        }
        var rows = new List<ResultRow> { syncJson, syncProtobuf, memory, unshared, dropped, dynamicDropped };
        rows.AddRange(await ClientGoAsync(section, what, descriptor.Kind, descriptor.Resource.Resource, ns, expected, jsonBytesPerObject, runs, ct));
        return rows;
    }

    /// <summary>The same sync and memory figures for client-go's shared informer, measured in the Go process.</summary>
    private async Task<List<ResultRow>> ClientGoAsync(string section, string what, string kind, string resource, string ns, int expected,
        double jsonBytesPerObject, int runs, CancellationToken ct)
    {
        const string how = "informers.NewSharedInformerFactoryWithOptions; its reflector lists once, from the watch cache (resourceVersion=0)";
        var syncJson = new ResultRow(section, $"{ClientGo.Name} informer initial sync, {what}, JSON") { Note = how };
        var syncProtobuf = new ResultRow(section, $"{ClientGo.Name} informer initial sync, {what}, protobuf") { Note = how };
        var memory = new ResultRow(section, $"{ClientGo.Name} informer memory per cached {kind}") { Unit = "bytes/object", RatioBasis = "JSON size" };
        var rows = new List<ResultRow> { syncJson, syncProtobuf, memory };
        if (_clientGo is not { } clientGo)
        {
            foreach (var row in rows) row.Error = _clientGoError ?? "client-go is not available";
            return rows;
        }
        try
        {
            var perObject = new List<double>();
            await clientGo.InformerAsync(resource, ns, protobuf: false, ct);
            for (int i = 0; i < runs; i++)
            {
                var (items, seconds, heap) = await clientGo.InformerAsync(resource, ns, protobuf: false, ct);
                if (items != expected) throw new InvalidOperationException($"client-go's informer holds {items} objects, expected {expected}");
                syncJson.Samples.Add(new Sample(seconds, null));
                perObject.Add(heap / (double)expected);
                var (_, pbSeconds, _) = await clientGo.InformerAsync(resource, ns, protobuf: true, ct);
                syncProtobuf.Samples.Add(new Sample(pbSeconds, null));
            }
            Fill(memory, perObject, jsonBytesPerObject, "Go heap (runtime.MemStats.HeapAlloc) after the sync and a GC, minus before; JSON decoding");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var row in rows) row.Error = e.Message;
        }
        return rows;
    }

    private static void Fill(ResultRow row, List<double> perObject, double jsonBytesPerObject, string what)
    {
        var summary = Summary.Of(perObject);
        row.Value = summary.Median;
        row.Ratio = jsonBytesPerObject > 0 ? summary.Median / jsonBytesPerObject : null;
        row.Note = $"{what}; JSON {jsonBytesPerObject:0} bytes/object; min {summary.Min:0}, max {summary.Max:0}";
    }

    /// <summary>
    /// Waits until a finished informer's cache has been collected (its watch ends asynchronously),
    /// so the next run's "before" figure does not still hold it.
    /// </summary>
    private static async Task GoneAsync(WeakReference cache, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (cache.IsAlive)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException("a stopped informer's cache was still alive after 30 s");
            Measure.Collect();
            await Task.Delay(50, ct);
        }
    }

    /// <param name="dynamic">Cache Unstructured objects (factory.ForResource) rather than typed ones.</param>
    private static async Task<(double Seconds, long Bytes)> SyncOnceAsync<T, TList>(RestClient rest, ResourceDescriptor<T, TList> descriptor, string ns, int expected, bool shareStrings, CancellationToken ct,
        Func<object, object>? transform = null, bool dynamic = false)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        long before = Measure.SettledHeap();
        SharedInformerFactory? factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions
        {
            Namespace = ns,
            InformerOptions = new SharedIndexInformerOptions { ShareStrings = shareStrings, Transform = transform },
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var (indexer, counted, synced) = dynamic ? Cache(factory.ForResource(descriptor.Resource)) : Cache(factory.InformerFor(descriptor));
        var clock = Stopwatch.StartNew();
        factory.Start(stop.Token);
        if (!await synced!(stop.Token)) throw new InvalidOperationException($"the {descriptor.Kind} informer did not sync");
        clock.Stop();
        long after = Measure.SettledHeap();
        int count = counted!();
        if (count != expected) throw new InvalidOperationException($"the {descriptor.Kind} informer holds {count} objects, expected {expected}");
        await stop.CancelAsync();
        await factory.ShutdownAsync();
        var cache = new WeakReference(indexer);
        indexer = null;
        counted = null;
        synced = null;
        factory = null;
        await GoneAsync(cache, ct);
        return (clock.Elapsed.TotalSeconds, after - before);
    }

    /// <summary>The informer's cache, its count and its sync wait, whatever it holds (the caller drops all three to free the cache).</summary>
    private static (object? Indexer, Func<int>? Count, Func<CancellationToken, Task<bool>>? Synced) Cache<TObject>(SharedIndexInformer<TObject> informer)
        where TObject : class
    {
        var indexer = informer.GetIndexer();
        return (indexer, () => indexer.Count, informer.WaitForCacheSyncAsync);
    }
}
