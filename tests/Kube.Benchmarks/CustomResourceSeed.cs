using System;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;

namespace Kube.Benchmarks;

/// <summary>
/// The custom-resource seed of the PowerShell rows: a CRD in a group unique to the run
/// (<c>b&lt;random&gt;.bench.kube-ps.test</c>), a namespace of its own, and small custom resources
/// created in parallel. Unlike the list seeds it is not reused: disposing it deletes the CRD
/// (the server then deletes every custom resource of it) and the namespace, without waiting.
/// </summary>
public sealed class CustomResourceSeed : IAsyncDisposable
{
    private static readonly GroupVersionResource Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces");
    private static readonly TimeSpan ReadyBound = TimeSpan.FromMinutes(2);

    /// <summary>Writes in flight while seeding; the apiserver, not the client, is then the bound.</summary>
    private const int Parallelism = 32;

    private readonly DynamicClient _dynamic;

    private CustomResourceSeed(DynamicClient dynamic, string suffix)
    {
        _dynamic = dynamic;
        Group = $"b{suffix}.bench.kube-ps.test";
        Namespace = $"kube-ps-bench-cr-{suffix}";
        Resource = new GroupVersionResource(Group, "v1", "benchitems");
    }

    public string Group { get; }

    public string Namespace { get; }

    public GroupVersionResource Resource { get; }

    /// <summary>The name kubectl and Get-KubeResource take for the kind: plural and group.</summary>
    public string QualifiedResource => $"{Resource.Resource}.{Group}";

    public string CrdName => QualifiedResource;

    public int Count { get; private set; }

    /// <summary>Makes the CRD and namespace, waits until the resource is served, then creates <paramref name="count"/> custom resources.</summary>
    public static async Task<CustomResourceSeed> CreateAsync(RestClient rest, int count, CancellationToken ct)
    {
        var seed = new CustomResourceSeed(new DynamicClient(rest), Guid.NewGuid().ToString("N").Substring(0, 8));
        try
        {
            await seed.SeedAsync(count, ct);
            return seed;
        }
        catch
        {
            await seed.DisposeAsync();
            throw;
        }
    }

    private async Task SeedAsync(int count, CancellationToken ct)
    {
        await _dynamic.Resource(Namespaces).CreateAsync(new Unstructured("v1", "Namespace") { Name = Namespace }, cancellationToken: ct);
        await _dynamic.Resource(Crds).CreateAsync(Unstructured.Parse(CrdJson()), cancellationToken: ct);
        var items = _dynamic.Resource(Resource).Namespace(Namespace);
        await WaitServedAsync(items, ct);

        Console.WriteLine($"seed: creating {count} custom resources ({QualifiedResource}) in {Namespace}");
        var clock = Stopwatch.StartNew();
        await Seeder.ParallelAsync(System.Linq.Enumerable.Range(0, count), async i =>
        {
            try
            {
                await items.CreateAsync(Item(i), cancellationToken: ct);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
            }
        }, ct, Parallelism);
        Count = count;
        Console.WriteLine($"seed: created {count} custom resources in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>A small custom resource: a name, two labels and a three-field spec (about 400 bytes of JSON as served).</summary>
    private Unstructured Item(int index)
    {
        var item = new Unstructured(Group + "/v1", "BenchItem") { Name = Seeder.ItemName("item", index) };
        item.SetNestedField("bench", "metadata", "labels", "app.kubernetes.io/name");
        item.SetNestedField((long)index, "spec", "size");
        item.SetNestedField((index % 3) switch { 0 => "red", 1 => "green", _ => "blue" }, "spec", "color");
        item.SetNestedField("item " + index.ToString(CultureInfo.InvariantCulture), "spec", "description");
        return item;
    }

    /// <summary>Until the CRD is Established and its REST endpoint answers (a new CRD's handler comes up a moment later).</summary>
    private async Task WaitServedAsync(DynamicResourceClient items, CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(ReadyBound);
        Exception? last = null;
        while (true)
        {
            try
            {
                await items.ListAsync(new ListOptions { Limit = 1 }, bound.Token);
                return;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                last = e;
            }
            try
            {
                await Task.Delay(200, bound.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"the CRD {CrdName} was not served within {ReadyBound.TotalSeconds} s: {last?.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The CRD first: its deletion removes every custom resource of it; then the (empty) namespace.
        foreach (var (resource, name) in new[] { (Crds, CrdName), (Namespaces, Namespace) })
        {
            try
            {
                await _dynamic.Resource(resource).DeleteAsync(name);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            catch (Exception e) when (e is KubeApiException or KubeConnectionException)
            {
                Console.WriteLine($"seed: could not delete {name}: {e.Message}");
            }
        }
    }

    private string CrdJson() => new JsonObject
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = CrdName },
        ["spec"] = new JsonObject
        {
            ["group"] = Group,
            ["scope"] = "Namespaced",
            ["names"] = new JsonObject { ["plural"] = "benchitems", ["singular"] = "benchitem", ["kind"] = "BenchItem", ["listKind"] = "BenchItemList" },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["additionalPrinterColumns"] = new JsonArray(
                    new JsonObject { ["name"] = "Size", ["type"] = "integer", ["jsonPath"] = ".spec.size" },
                    new JsonObject { ["name"] = "Color", ["type"] = "string", ["jsonPath"] = ".spec.color" }),
                ["schema"] = new JsonObject
                {
                    ["openAPIV3Schema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["spec"] = new JsonObject
                            {
                                ["type"] = "object",
                                ["properties"] = new JsonObject
                                {
                                    ["size"] = new JsonObject { ["type"] = "integer" },
                                    ["color"] = new JsonObject { ["type"] = "string" },
                                    ["description"] = new JsonObject { ["type"] = "string" },
                                },
                            },
                        },
                    },
                },
            }),
        },
    }.ToJsonString();
}
