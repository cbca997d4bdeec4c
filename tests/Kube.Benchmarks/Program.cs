using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Typed.CoreV1;

namespace Kube.Benchmarks;

/// <summary>
/// The benchmark harness: seeds the local control plane (or reuses its seed), measures every row in
/// one run, prints the table and writes it to docs/benchmarks.md. Run it with ./build.ps1 Bench.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == InformerWatchChild.Command) return await InformerWatchChild.RunAsync(args);
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            await RunAsync(options, cancel.Token);
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"benchmark failed: {e.Message}");
            return 1;
        }
    }

    private static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var machine = MachineInfo.Capture(options.RepoRoot);
        string only = options.Sections == BenchSection.All ? "" : $"; only {options.Sections}";
        Console.WriteLine($"bench: {(options.Quick ? "quick" : "full")} run, {options.Runs} runs per row{only}; load average {machine.LoadAtStart}");
        using var cluster = await BenchCluster.ConnectAsync(options);
        machine.ServerVersion = await ServerVersionAsync(cluster, ct);
        machine.KubectlVersion = (await ProcessRunner.RunAsync("kubectl", new[] { "version", "--client" }, options, keepStdout: true, ct)).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";

        // The list seeds serve the list, PowerShell, informer and module rows.
        var seeder = new Seeder(cluster);
        bool needConfigMaps = options.Measures(BenchSection.Lists | BenchSection.Informers);
        bool needPods = options.Measures(BenchSection.Lists | BenchSection.PowerShell | BenchSection.Informers | BenchSection.Module);
        string configMapNs = needConfigMaps ? await seeder.EnsureConfigMapsAsync(options.ConfigMapCount, ct) : "";
        string podNs = needPods ? await seeder.EnsurePodsAsync(options.PodCount, ct) : "";

        // Every namespace also holds the kube-root-ca.crt ConfigMap the controller manager publishes.
        int configMaps = needConfigMaps ? (await cluster.Clientset.CoreV1().ConfigMaps(configMapNs).ListAsync(cancellationToken: ct)).Items?.Count ?? 0 : 0;
        int pods = needPods ? (await cluster.Clientset.CoreV1().Pods(podNs).ListAsync(cancellationToken: ct)).Items?.Count ?? 0 : 0;

        var rows = new List<ResultRow>();
        using var raw = new RawGet(cluster.JsonConfig);
        ClientGo? clientGo = null;
        string? clientGoError = null;
        if (options.Measures(BenchSection.Lists | BenchSection.Informers | BenchSection.Watch))
        {
            try
            {
                Console.WriteLine($"bench: building and starting {ClientGo.Name} (tools/go/clientgo-bench)");
                clientGo = await ClientGo.StartAsync(options, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                clientGoError = e.Message;
                Console.WriteLine($"bench: {ClientGo.Name} is not available: {e.Message}");
            }
        }
        using var clientGoProcess = clientGo;
        var processes = new ProcessBenchmarks(options);

        string cmSection = Report.ListConfigMapsSection(options);
        string podSection = Report.ListPodsSection(options);
        double configMapJsonBytes = 0, podJsonBytes = 0;
        if (options.Measures(BenchSection.Lists))
        {
            var peerConfig = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, currentContext: options.Context);
            using var peer = new k8s.Kubernetes(peerConfig);
            var lists = new ListBenchmarks(cluster, peer, raw, clientGo, clientGoError);

            Console.WriteLine($"bench: {cmSection}");
            rows.AddRange(await lists.RunAsync(cmSection, lists.ConfigMapScenarios(configMapNs, configMaps), configMaps, options.Runs, ct));
            configMapJsonBytes = lists.JsonBytesPerItem;
            double configMapProtobufBytes = lists.ProtobufBytesPerItem;
            rows.Add(await processes.KubectlAsync(cmSection, "configmaps", configMapNs, ct));

            Console.WriteLine($"bench: {podSection}");
            rows.AddRange(await lists.RunAsync(podSection, lists.PodScenarios(podNs, pods), pods, options.Runs, ct));
            podJsonBytes = lists.JsonBytesPerItem;
            double podProtobufBytes = lists.ProtobufBytesPerItem;
            rows.Add(await processes.KubectlAsync(podSection, "pods", podNs, ct));
            Console.WriteLine($"bench: sizes per object: ConfigMap {configMapJsonBytes:0} bytes JSON, {configMapProtobufBytes:0} protobuf; Pod {podJsonBytes:0} JSON, {podProtobufBytes:0} protobuf");
        }
        else if (options.Measures(BenchSection.Informers))
        {
            // The informer rows compare memory with the objects' JSON size, which the list rows measure otherwise.
            configMapJsonBytes = await raw.ReadAsync($"api/v1/namespaces/{configMapNs}/configmaps", MediaTypes.Json, ct) / (double)Math.Max(1, configMaps);
            podJsonBytes = await raw.ReadAsync($"api/v1/namespaces/{podNs}/pods", MediaTypes.Json, ct) / (double)Math.Max(1, pods);
        }

        if (options.Measures(BenchSection.PowerShell))
        {
            Console.WriteLine("bench: PowerShell");
            if (!processes.ModuleBuilt)
            {
                rows.Add(new ResultRow(Report.PowerShellSection, "Get-KubePod -AllNamespaces | Measure-Object") { Error = processes.ModuleMissing });
            }
            else
            {
                rows.Add(await processes.PowerShellAsync(Report.PowerShellSection, podSection, "Get-KubePod -AllNamespaces | Measure-Object",
                    "(Get-KubePod -AllNamespaces | Measure-Object).Count", Floor.Json, "every pod in the cluster, pages of 500", ct));
                var resource = await processes.PowerShellAsync(Report.PowerShellSection, podSection, "Get-KubeResource pods -AllNamespaces | Measure-Object",
                    "if (-not (Get-Command Get-KubeResource -ErrorAction SilentlyContinue)) { return -1 }; (Get-KubeResource -Kind pods -AllNamespaces | Measure-Object).Count",
                    Floor.Json, "", ct);
                if (resource.Error is null && resource.Note.EndsWith("-1 objects", StringComparison.Ordinal))
                {
                    resource.Samples.Clear();
                    resource.Error = "Get-KubeResource is not in this build of the module";
                }
                rows.Add(resource);
                rows.Add(await processes.PowerShellAsync(Report.PowerShellSection, podSection, "kubectl get pods -A -o json | ConvertFrom-Json",
                    "(kubectl get pods -A -o json | ConvertFrom-Json).items.Count", Floor.Json, "what PowerShell users run today", ct));
                rows.AddRange(await CustomResourceRowsAsync(cluster, raw, processes, options, ct));
            }
        }

        if (options.Measures(BenchSection.Watch))
        {
            Console.WriteLine("bench: watch");
            rows.AddRange(await new WatchBenchmark(cluster, clientGo, clientGoError).RunAsync(Report.WatchSection, options.WatchCount, ct));
        }

        if (options.Measures(BenchSection.Informers))
        {
            Console.WriteLine("bench: informers");
            var informers = new InformerBenchmarks(cluster, clientGo, clientGoError);
            rows.AddRange(await informers.RunAsync(Report.InformerSection, $"{options.ConfigMapCount:N0} ConfigMaps", ConfigMapsClient.Descriptor, configMapNs, configMaps, configMapJsonBytes, options.Runs, ct));
            rows.AddRange(await informers.RunAsync(Report.InformerSection, $"{options.PodCount:N0} Pods", PodsClient.Descriptor, podNs, pods, podJsonBytes, options.Runs, ct));
        }

        if (options.Measures(BenchSection.Streams))
        {
            Console.WriteLine("bench: workload streams (a pod on the node)");
            rows.AddRange(await new StreamBenchmarks(cluster, raw, processes, options).RunAsync(ct));
        }

        if (options.Measures(BenchSection.Module))
        {
            Console.WriteLine("bench: Import-Module");
            rows.AddRange(await processes.ModuleAsync(Report.ModuleSection, podNs, Seeder.ItemName("pod", 0), ct));
        }

        if (options.Measures(BenchSection.InCluster))
        {
            Console.WriteLine("bench: controller images and in-cluster hand-over (read from build.ps1 Image and the in-cluster tests)");
            rows.AddRange(InClusterFigures.ImageRows(Report.InClusterSection, options.RepoRoot));
            rows.AddRange(InClusterFigures.HandoverRows(Report.InClusterSection, options.RepoRoot));
        }

        machine.Finish();
        var report = new Report(rows, machine, options);
        report.WriteConsole(Console.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, report.Markdown(), ct);
        Console.WriteLine($"bench: wrote {options.Output}");
    }

    /// <summary>
    /// Get-KubeResource against kubectl | ConvertFrom-Json on custom resources of a CRD made for the
    /// run (every custom resource goes through the Unstructured path); the seed is deleted after.
    /// </summary>
    private static async Task<List<ResultRow>> CustomResourceRowsAsync(BenchCluster cluster, RawGet raw, ProcessBenchmarks processes, BenchOptions options, CancellationToken ct)
    {
        CustomResourceSeed seed;
        try
        {
            seed = await CustomResourceSeed.CreateAsync(cluster.Json, options.CustomResourceCount, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new List<ResultRow>
            {
                new(Report.PowerShellSection, Report.CustomResourceCmdletRow) { Error = $"could not seed the custom resources: {e.Message}" },
                new(Report.PowerShellSection, Report.CustomResourceKubectlRow) { Error = $"could not seed the custom resources: {e.Message}" },
            };
        }
        await using (seed)
        {
            string what = $"{seed.Count:N0} BenchItems (a CRD made for the run, about 400 bytes each) in one namespace";
            // The floor: the server's own time for the pages Get-KubeResource asks for (Tables of 500
            // with their objects), read over our transport and discarded. No client lists faster; for
            // custom resources the API server's decoding of them is most of it.
            var floor = new ResultRow(Report.PowerShellSection, Report.CustomResourceFloorRow) { Note = what + ", as Tables with their objects, pages of 500 in turn; bodies read and discarded" };
            string path = $"apis/{seed.Resource.Group}/{seed.Resource.Version}/namespaces/{seed.Namespace}/{seed.Resource.Resource}?includeObject=Object";
            try
            {
                await raw.ReadPagesAsync(path, TableAccept, 500, ct);
                for (int i = 0; i < options.Runs; i++)
                    floor.Samples.Add(await Measure.RunAsync(c => raw.ReadPagesAsync(path, TableAccept, 500, c), ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                floor.Error = e.Message;
            }
            var ours = await processes.PowerShellAsync(Report.PowerShellSection, "", Report.CustomResourceCmdletRow,
                $"(Get-KubeResource -Kind {seed.QualifiedResource} -Namespace {seed.Namespace} | Measure-Object).Count", Floor.None, what + ", pages of 500", ct);
            var kubectl = await processes.PowerShellAsync(Report.PowerShellSection, "", Report.CustomResourceKubectlRow,
                $"(kubectl get {seed.QualifiedResource} -n {seed.Namespace} -o json | ConvertFrom-Json).items.Count", Floor.None, what, ct);
            return new List<ResultRow> { floor, ours, kubectl };
        }
    }

    /// <summary>What kubectl get (and Get-KubeResource) sends: a Table, or the plain list from a server that renders none.</summary>
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private static async Task<string> ServerVersionAsync(BenchCluster cluster, CancellationToken ct)
    {
        try
        {
            var body = await cluster.Json.Get().AbsPath("/version").DoRawAsync(ct);
            return JsonDocument.Parse(body).RootElement.GetProperty("gitVersion").GetString() ?? "";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "unknown (" + e.Message + ")";
        }
    }
}
