using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;

namespace Kube.Benchmarks;

/// <summary>
/// Seeds the harness's own namespaces, or reuses a seed already there. A namespace is the harness's
/// when it carries <see cref="SeedLabel"/> with the seed's name (kind, version and count); its items
/// carry <see cref="SeedObjects.ItemLabel"/>, and any missing are created again.
/// </summary>
public sealed class Seeder
{
    public const string SeedLabel = "kube-ps.bench/seed";

    /// <summary>Bumped when the seeded objects change shape, so an old seed is never measured as a new one.</summary>
    public const string SeedVersion = "v1";

    /// <summary>
    /// The pods' own version: v2 pods name <see cref="SeedObjects.NoScheduler"/>. Seeds of older
    /// versions are deleted, since the local cluster's scheduler would try to place their pods.
    /// </summary>
    public const string PodSeedVersion = "v2";

    private const int Parallelism = 16;
    private const int TargetConfigMapJsonBytes = 1400;

    private readonly BenchCluster _cluster;

    public Seeder(BenchCluster cluster) => _cluster = cluster;

    public static string ConfigMapNamespace(int count) => $"kube-ps-bench-{SeedVersion}-configmaps-{count}";

    public static string PodNamespace(int count) => $"kube-ps-bench-{PodSeedVersion}-pods-{count}";

    public async Task<string> EnsureConfigMapsAsync(int count, CancellationToken ct)
    {
        string ns = ConfigMapNamespace(count);
        string seed = $"configmaps-{SeedVersion}-{count}";
        await EnsureNamespaceAsync(ns, seed, ct);
        var client = _cluster.Clientset.CoreV1().ConfigMaps(ns);
        var present = await NamesAsync(new ListPager<ConfigMap, ConfigMapList>((o, c) => client.ListAsync(o, c)), seed, ct);
        var missing = Enumerable.Range(0, count).Where(i => !present.Contains(ItemName("cm", i))).ToList();
        if (missing.Count == 0)
        {
            Console.WriteLine($"seed: {ns} holds its {count} ConfigMaps; reused");
            return ns;
        }
        int propertiesBytes = await PropertiesBytesAsync(client, seed, ct);
        Console.WriteLine($"seed: creating {missing.Count} ConfigMaps in {ns} ({present.Count} present)");
        var clock = Stopwatch.StartNew();
        await ParallelAsync(missing, i => Created(() => client.CreateAsync(SeedObjects.ConfigMap(ItemName("cm", i), seed, i, propertiesBytes), cancellationToken: ct)), ct);
        Console.WriteLine($"seed: created {missing.Count} ConfigMaps in {clock.Elapsed.TotalSeconds:0.0} s");
        return ns;
    }

    public async Task<string> EnsurePodsAsync(int count, CancellationToken ct)
    {
        string ns = PodNamespace(count);
        string seed = $"pods-{PodSeedVersion}-{count}";
        await DeleteOlderPodSeedsAsync(ct);
        await EnsureNamespaceAsync(ns, seed, ct);
        var client = _cluster.Clientset.CoreV1().Pods(ns);
        var present = await NamesAsync(new ListPager<Pod, PodList>((o, c) => client.ListAsync(o, c)), seed, ct);
        var missing = Enumerable.Range(0, count).Where(i => !present.Contains(ItemName("pod", i))).ToList();
        if (missing.Count == 0)
        {
            Console.WriteLine($"seed: {ns} holds its {count} Pods; reused");
            return ns;
        }
        await WaitForDefaultServiceAccountAsync(ns, ct);
        Console.WriteLine($"seed: creating {missing.Count} Pods in {ns} ({present.Count} present)");
        var clock = Stopwatch.StartNew();
        await ParallelAsync(missing, i => Created(() => client.CreateAsync(SeedObjects.Pod(ItemName("pod", i), seed, i), cancellationToken: ct)), ct);
        Console.WriteLine($"seed: created {missing.Count} Pods in {clock.Elapsed.TotalSeconds:0.0} s");
        return ns;
    }

    public static string ItemName(string prefix, int index) => $"{prefix}-{index:D5}";

    /// <summary>Deletes pod seeds of an older <see cref="PodSeedVersion"/> (whatever their count), without waiting.</summary>
    private async Task DeleteOlderPodSeedsAsync(CancellationToken ct)
    {
        var namespaces = _cluster.Clientset.CoreV1().Namespaces();
        var seeds = await namespaces.ListAsync(new ListOptions { LabelSelector = SeedLabel }, ct);
        foreach (var ns in seeds.Items ?? new List<Namespace>())
        {
            string? seed = null;
            ns.Metadata?.Labels?.TryGetValue(SeedLabel, out seed);
            if (seed is null || !seed.StartsWith("pods-", StringComparison.Ordinal) || seed.StartsWith($"pods-{PodSeedVersion}-", StringComparison.Ordinal))
                continue;
            if (ns.Status?.Phase == "Terminating") continue;
            Console.WriteLine($"seed: deleting {ns.Metadata!.Name}, a pod seed of an older version ({seed})");
            try { await namespaces.DeleteAsync(ns.Metadata.Name!, cancellationToken: ct); }
            catch (KubeApiException e) when (e.IsNotFound) { }
        }
    }

    /// <summary>Runs <paramref name="action"/> over the items, at most <see cref="Parallelism"/> at a time.</summary>
    public static async Task ParallelAsync(IEnumerable<int> items, Func<int, Task> action, CancellationToken ct, int parallelism = Parallelism)
    {
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, _) => await action(i));
    }

    private async Task EnsureNamespaceAsync(string ns, string seed, CancellationToken ct)
    {
        var namespaces = _cluster.Clientset.CoreV1().Namespaces();
        Namespace existing;
        try
        {
            existing = await namespaces.GetAsync(ns, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            await namespaces.CreateAsync(new Namespace
            {
                Metadata = new ObjectMeta { Name = ns, Labels = new Dictionary<string, string> { [SeedLabel] = seed } },
            }, cancellationToken: ct);
            return;
        }
        if (existing.Metadata?.Labels is not { } labels || !labels.TryGetValue(SeedLabel, out var value) || value != seed)
            throw new InvalidOperationException($"the namespace {ns} exists but is not a benchmark seed (label {SeedLabel}={seed} is missing); delete it or let the harness own it.");
        if (existing.Status?.Phase == "Terminating")
            throw new InvalidOperationException($"the seed namespace {ns} is being deleted; run the harness again once it is gone.");
    }

    private static async Task<HashSet<string>> NamesAsync<T, TList>(ListPager<T, TList> pager, string seed, CancellationToken ct)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in pager.ListAsync(new ListOptions { LabelSelector = $"{SeedObjects.ItemLabel}={seed}" }, ct))
            if (item.Metadata?.Name is { } name) names.Add(name);
        return names;
    }

    /// <summary>The size of the properties text that makes a ConfigMap, as the server returns it, about 1.4 KB of JSON.</summary>
    private static async Task<int> PropertiesBytesAsync(Kube.Client.Typed.CoreV1.ConfigMapsClient client, string seed, CancellationToken ct)
    {
        const string probeName = "size-probe";
        var probe = await client.CreateAsync(SeedObjects.ConfigMap(probeName, seed + "-probe", 0, 0), cancellationToken: ct);
        try
        {
            int overhead = JsonSerializer.SerializeToUtf8Bytes(probe, KubeJsonContext.Default.CoreV1ConfigMap).Length;
            // The server's own managedFields and the list wrapper add a little more; aim slightly under.
            return Math.Max(100, TargetConfigMapJsonBytes - overhead - 40);
        }
        finally
        {
            await client.DeleteAsync(probeName, cancellationToken: ct);
        }
    }

    private async Task WaitForDefaultServiceAccountAsync(string ns, CancellationToken ct)
    {
        var accounts = _cluster.Clientset.CoreV1().ServiceAccounts(ns);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await accounts.GetAsync("default", cancellationToken: ct);
                return;
            }
            catch (KubeApiException e) when (e.IsNotFound && deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(500, ct);
            }
        }
    }

    private static async Task Created(Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
        }
    }
}
