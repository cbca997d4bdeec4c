using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Printing;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Typed;

namespace Kube.Benchmarks;

/// <summary>
/// Lists one seeded collection every way there is, in rounds: each round runs every client once, so a
/// burst of load from a neighbour on the machine lands on all of them rather than on one row.
/// Every client makes one request for the whole list (no paging), as the raw GET does.
/// </summary>
public sealed class ListBenchmarks
{
    private readonly BenchCluster _cluster;
    private readonly k8s.Kubernetes _peer;
    private readonly RawGet _raw;
    private readonly ClientGo? _clientGo;
    private readonly string? _clientGoError;

    /// <param name="clientGo">null when it could not be built or started; <paramref name="clientGoError"/> says why.</param>
    public ListBenchmarks(BenchCluster cluster, k8s.Kubernetes peer, RawGet raw, ClientGo? clientGo, string? clientGoError)
    {
        _cluster = cluster;
        _peer = peer;
        _raw = raw;
        _clientGo = clientGo;
        _clientGoError = clientGoError;
    }

    /// <summary>Bytes of the last JSON and protobuf bodies read raw, per item.</summary>
    public double JsonBytesPerItem { get; private set; }

    public double ProtobufBytesPerItem { get; private set; }

    public IReadOnlyList<ListScenario> ConfigMapScenarios(string ns, int expected) =>
        Scenarios(ns, expected, "configmaps", Kube.Client.Typed.CoreV1.ConfigMapsClient.Descriptor,
            async ct => (await _peer.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: ct)).Items.Count);

    public IReadOnlyList<ListScenario> PodScenarios(string ns, int expected) =>
        Scenarios(ns, expected, "pods", Kube.Client.Typed.CoreV1.PodsClient.Descriptor,
            async ct => (await _peer.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct)).Items.Count);

    private IReadOnlyList<ListScenario> Scenarios<T, TList>(string ns, int expected, string resource, ResourceDescriptor<T, TList> descriptor, Func<CancellationToken, Task<int>> peer)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        string path = $"api/v1/namespaces/{ns}/{resource}";
        var json = new ResourceClient<T, TList>(_cluster.Json, descriptor, ns);
        var protobuf = new ResourceClient<T, TList>(_cluster.Protobuf, descriptor, ns);
        var dynamic = new DynamicClient(_cluster.Json).Resource(new GroupVersionResource("", "v1", resource)).Namespace(ns);
        return new List<ListScenario>
        {
            new("raw GET, JSON (floor)", Floor.Json, async ct =>
            {
                long bytes = await _raw.ReadAsync(path, MediaTypes.Json, ct);
                JsonBytesPerItem = bytes / (double)expected;
                return expected;
            }, "body read and discarded"),
            new("raw GET, protobuf (floor)", Floor.Protobuf, async ct =>
            {
                long bytes = await _raw.ReadAsync(path, MediaTypes.Protobuf, ct);
                ProtobufBytesPerItem = bytes / (double)expected;
                return expected;
            }, "body read and discarded"),
            new("raw GET, JSON as Table (the server's Table)", Floor.Json, async ct =>
            {
                await _raw.ReadTableAsync(path + "?includeObject=Object", ct);
                return expected;
            }, "body read and discarded; what ListWithRowsAsync asks for: × floor is the server's cost of rendering the Table"),
            new("Kube.Client typed, JSON, ListAsync", Floor.Json, async ct => (await json.ListAsync(null, ct)).Items?.Count ?? 0),
            new("Kube.Client typed, JSON, ListItemsAsync (streamed)", Floor.Json, async ct => await CountAsync(json.ListItemsAsync(null, ct)),
                "items decoded as the body arrives"),
            new("Kube.Client typed, JSON, ListWithRowsAsync (as Table)", Floor.Json, async ct => await CountAsync(json.ListWithRowsAsync(null, ct)),
                "what Get- cmdlets ask for: kubectl's columns with each object (includeObject=Object)"),
            new("Kube.Client typed, protobuf, ListAsync", Floor.Protobuf, async ct => (await protobuf.ListAsync(null, ct)).Items?.Count ?? 0),
            new("Kube.Client typed, protobuf, ListItemsAsync", Floor.Protobuf, async ct => await CountAsync(protobuf.ListItemsAsync(null, ct))),
            new("Kube.Client DynamicClient (Unstructured)", Floor.Json, async ct => (await dynamic.ListAsync(null, ct)).Items.Count),
            new("KubernetesClient 21.0.8", Floor.Json, peer, "the official C# client"),
            ClientGoScenario(resource, ns, protobuf: false),
            ClientGoScenario(resource, ns, protobuf: true),
        };
    }

    private ListScenario ClientGoScenario(string resource, string ns, bool protobuf)
    {
        string name = $"{ClientGo.Name} typed, {(protobuf ? "protobuf" : "JSON")}";
        var floor = protobuf ? Floor.Protobuf : Floor.Json;
        const string note = "Go's clientset List; time and allocations (runtime.MemStats.TotalAlloc) measured in the Go process";
        if (_clientGo is not { } clientGo)
            return new(name, floor, _ => throw new InvalidOperationException(_clientGoError ?? "client-go is not available"), note);
        return new(name, floor, _ => throw new InvalidOperationException("measured by client-go"), note)
        {
            MeasuredAsync = ct => clientGo.ListAsync(resource, ns, protobuf, ct),
        };
    }

    /// <summary>Runs every scenario once as a warm-up, then <paramref name="runs"/> rounds of all of them.</summary>
    public async Task<List<ResultRow>> RunAsync(string section, IReadOnlyList<ListScenario> scenarios, int expected, int runs, CancellationToken ct)
    {
        var rows = scenarios.Select(s => new ResultRow(section, s.Name) { Floor = s.Floor, FloorKey = section, Note = s.Note }).ToList();
        for (int round = 0; round <= runs; round++)
        {
            for (int i = 0; i < scenarios.Count; i++)
            {
                if (rows[i].Error is not null) continue;
                try
                {
                    int seen = 0;
                    Sample sample;
                    if (scenarios[i].MeasuredAsync is { } measured) (seen, sample) = await measured(ct);
                    else sample = await Measure.RunAsync(async c => seen = await scenarios[i].ListAsync(c), ct);
                    if (seen != expected)
                        throw new InvalidOperationException($"listed {seen} items, expected {expected}");
                    if (round > 0) rows[i].Samples.Add(sample);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    rows[i].Error = e.Message;
                    Console.WriteLine($"  {section}: {scenarios[i].Name} failed: {e.Message}");
                }
            }
            if (round > 0) Console.WriteLine($"  {section}: round {round}/{runs} done");
        }
        return rows;
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        int n = 0;
        await foreach (var _ in items) n++;
        return n;
    }
}
