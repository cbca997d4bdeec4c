using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Kube.Benchmarks;

/// <summary>The one results table (console and markdown), and the issue's targets checked against it.</summary>
public sealed class Report
{
    private readonly List<ResultRow> _rows;
    private readonly MachineInfo _machine;
    private readonly BenchOptions _options;

    public Report(List<ResultRow> rows, MachineInfo machine, BenchOptions options)
    {
        _rows = rows;
        _machine = machine;
        _options = options;
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("Written by `./build.ps1 Bench` (tests/Kube.Benchmarks); every row below comes from the same run. Do not edit by hand.");
        md.AppendLine();
        md.AppendLine($"- Machine: {_machine.Cores} cores, {_machine.Cpu}; {_machine.Os}");
        md.AppendLine($"- .NET: {_machine.Runtime}; server: kube-apiserver {_machine.ServerVersion} on loopback; {_machine.KubectlVersion}");
        md.AppendLine($"- Date: {_machine.Date:yyyy-MM-dd HH:mm} UTC; commit {_machine.Commit}");
        md.AppendLine($"- Load average (1, 5, 15 min): {_machine.LoadAtStart} at the start, {_machine.LoadAtEnd} at the end. The machine is shared with other work, so absolute times move between runs; the ratios within one run are the figures to compare.");
        md.AppendLine($"- Mode: {(_options.Quick ? "QUICK (smoke run: fewer objects and runs; not comparable)" : "full")}; {_options.Runs} measured runs per row after one warm-up (in-process list rows run in rounds, every client once per round); median [min–max].");
        md.AppendLine("- Allocated: bytes allocated on the managed heap during one run, all threads (GC.GetTotalAllocatedBytes(true) deltas); PowerShell rows count the whole pwsh process. × floor: median over the median of the raw GET of the same wire form; memory rows: bytes per object over the object's JSON size.");
        if (_options.Sections != BenchSection.All)
            md.AppendLine($"- Sections: only {_options.Sections} (--only); the other rows and their targets are not in this run.");
        md.AppendLine("- Streams: MB/s is 10^6 bytes per second, from the median time (min – max from the slowest and fastest runs); every throughput row checks that it read the whole log or file. × floor: time over the floor's time (raw GET of the log; the pod's httpd reached directly on its IP). Exec rows are the time per call.");
        md.AppendLine();
        md.AppendLine("| Section | Measurement | Median | Min – max | × floor | Allocated | Notes |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var row in _rows)
        {
            md.Append("| ").Append(Escape(row.Section)).Append(" | ").Append(Escape(row.Name)).Append(" | ");
            if (row.Error is not null)
            {
                md.Append("failed | | | | ").Append(Escape(row.Error)).AppendLine(" |");
                continue;
            }
            var (median, range) = Figures(row);
            md.Append(median).Append(" | ").Append(range).Append(" | ").Append(RatioText(row)).Append(" | ")
                .Append(AllocatedText(row)).Append(" | ").Append(Escape(row.Note)).AppendLine(" |");
        }
        md.AppendLine();
        md.AppendLine("## Targets (issues 8 and 12)");
        md.AppendLine();
        md.AppendLine("| Target | Reached | Met |");
        md.AppendLine("|---|---|---|");
        foreach (var (target, reached, met) in Targets())
            md.AppendLine($"| {Escape(target)} | {Escape(reached)} | {(met is null ? "n/a" : met.Value ? "yes" : "no")} |");
        return md.ToString();
    }

    public void WriteConsole(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(_machine.ToString());
        output.WriteLine($"load average {_machine.LoadAtStart} -> {_machine.LoadAtEnd}; {_options.Runs} runs per row; median [min-max]");
        output.WriteLine();
        const string format = "{0,-22} {1,-60} {2,14} {3,22} {4,8} {5,11}  {6}";
        output.WriteLine(format, "section", "measurement", "median", "min-max", "x floor", "allocated", "notes");
        output.WriteLine(new string('-', 152));
        foreach (var row in _rows)
        {
            if (row.Error is not null)
            {
                output.WriteLine(format, Cut(row.Section, 22), Cut(row.Name, 60), "failed", "", "", "", row.Error);
                continue;
            }
            var (median, range) = Figures(row);
            output.WriteLine(format, Cut(row.Section, 22), Cut(row.Name, 60), median, range, RatioText(row), AllocatedText(row), row.Note);
        }
        output.WriteLine();
        foreach (var (target, reached, met) in Targets())
            output.WriteLine($"target: {target}: {reached} -> {(met is null ? "n/a" : met.Value ? "met" : "MISSED")}");
    }

    /// <summary>The targets of the sections this run measured.</summary>
    private IEnumerable<(string Target, string Reached, bool? Met)> Targets() =>
        AllTargets().Where(t => _options.Measures(t.Section)).Select(t => (t.Target, t.Reached, t.Met));

    private IEnumerable<(BenchSection Section, string Target, string Reached, bool? Met)> AllTargets()
    {
        string pods = ListPodsSection(_options);
        string configMaps = ListConfigMapsSection(_options);
        double? Ratio(string section, string name) => Find(section, name) is { } row ? FloorRatio(row) : null;
        double? Median(string section, string name) => Find(section, name)?.Time?.Median;
        double? AllocatedMedian(string section, string name) => Find(section, name)?.Allocated?.Median;
        const string typedJson = "Kube.Client typed, JSON, ListAsync";
        const string typedJsonStream = "Kube.Client typed, JSON, ListItemsAsync (streamed)";
        const string typedPb = "Kube.Client typed, protobuf, ListAsync";
        const string typedPbStream = "Kube.Client typed, protobuf, ListItemsAsync";
        const string dynamic = "Kube.Client DynamicClient (Unstructured)";

        foreach (var (section, what) in new[] { (pods, "Pods"), (configMaps, "ConfigMaps") })
        {
            var unstructured = Ratio(section, dynamic);
            var uBytes = AllocatedMedian(section, dynamic);
            var typedBytes = AllocatedMedian(section, typedJson);
            double? share = uBytes is { } ub && typedBytes is { } tb && tb > 0 ? ub / tb : null;
            yield return (BenchSection.Lists, $"list {what}, Unstructured ≤ 1.5× the raw JSON GET, allocating ≤ 1.5× the typed client",
                $"{Fmt(unstructured)}×, {Bytes(uBytes)} = {Fmt(share)}× typed", unstructured is { } a && share is { } b ? a <= 1.5 && b <= 1.5 : null);
        }

        var getKubePod = Median(PowerShellSection, "Get-KubePod -AllNamespaces | Measure-Object");
        var getKubeResource = Median(PowerShellSection, "Get-KubeResource pods -AllNamespaces | Measure-Object");
        double? resourceOverPod = getKubePod is { } gp && getKubeResource is { } gr && gp > 0 ? gr / gp : null;
        yield return (BenchSection.PowerShell, "Get-KubeResource -Kind pods within 10% of Get-KubePod", $"{Fmt(resourceOverPod)}× Get-KubePod's time", resourceOverPod is { } r ? r <= 1.1 : null);

        foreach (var (section, what) in new[] { (pods, "Pods"), (configMaps, "ConfigMaps") })
        {
            var json = Ratio(section, typedJson);
            var jsonStream = Ratio(section, typedJsonStream);
            yield return (BenchSection.Lists, $"list {what}, typed JSON ≤ 1.2× the raw JSON GET", $"ListAsync {Fmt(json)}×; ListItemsAsync {Fmt(jsonStream)}×", json is { } j && jsonStream is { } js ? Math.Max(j, js) <= 1.2 : null);
            var pb = Ratio(section, typedPb);
            var pbStream = Ratio(section, typedPbStream);
            yield return (BenchSection.Lists, $"list {what}, typed protobuf ≤ 1.2× the raw protobuf GET (ListAsync too)", $"ListAsync {Fmt(pb)}×; ListItemsAsync {Fmt(pbStream)}×", pb is { } p && pbStream is { } ps ? Math.Max(p, ps) <= 1.2 : null);
        }

        var ours = AllocatedMedian(pods, typedJson);
        var peer = AllocatedMedian(pods, "KubernetesClient 21.0.8");
        // 60 MiB for 3,000 Pods, scaled to the run's pod count (a quick run has fewer).
        double limit = 60.0 * (1 << 20) * _options.PodCount / 3000;
        yield return (BenchSection.Lists, $"typed JSON allocations ≤ {Bytes(limit)} for {_options.PodCount:N0} Pods and 25% under KubernetesClient",
            $"{Bytes(ours)} vs KubernetesClient {Bytes(peer)} ({Fmt(ours / peer)}×)", ours is { } o && peer is { } k ? o <= limit && o <= 0.75 * k : null);

        foreach (var (kind, limitRatio) in new[] { ("ConfigMap", 1.5), ("Pod", 1.3) })
        {
            var memory = Find(InformerSection, $"informer memory per cached {kind}");
            var goMemory = Find(InformerSection, $"{ClientGo.Name} informer memory per cached {kind}");
            yield return (BenchSection.Informers, $"informer memory per cached {kind} ≤ {limitRatio:0.0}× its JSON size, below client-go's",
                $"{Fmt(memory?.Ratio)}× ({memory?.Value:0} bytes/object); client-go {Fmt(goMemory?.Ratio)}× ({goMemory?.Value:0} bytes/object)",
                memory?.Value is { } m && memory.Ratio is { } mr && goMemory?.Value is { } g ? mr <= limitRatio && m < g : null);
        }

        var kubectl = Median(PowerShellSection, "kubectl get pods -A -o json | ConvertFrom-Json");
        double? speedup = getKubePod is { } g2 && kubectl is { } kc && g2 > 0 ? kc / g2 : null;
        yield return (BenchSection.PowerShell, "Get-KubePod -AllNamespaces | Measure-Object ≥ 15× faster than kubectl get pods -A -o json | ConvertFrom-Json", $"{Fmt(speedup)}× faster", speedup is { } s ? s >= 15 : null);

        var crOurs = Median(PowerShellSection, CustomResourceCmdletRow);
        var crKubectl = Median(PowerShellSection, CustomResourceKubectlRow);
        double? crSpeedup = crOurs is { } co && crKubectl is { } ck && co > 0 ? ck / co : null;
        // The floor bounds any client: kubectl's time over the server's own time for the same pages.
        var crFloor = Median(PowerShellSection, CustomResourceFloorRow);
        double? crBound = crFloor is { } cf && crKubectl is { } ck2 && cf > 0 ? ck2 / cf : null;
        yield return (BenchSection.PowerShell, "Get-KubeResource on the custom resources ≥ 15× faster than kubectl … | ConvertFrom-Json",
            $"{Fmt(crSpeedup)}× faster; the raw GET of the same pages (floor) is {Fmt(crBound)}× faster than kubectl{(crBound < 15 ? ", so no client can reach 15×" : "")}", crSpeedup is { } cs ? cs >= 15 : null);

        foreach (var target in StreamTargets())
            yield return target;

        var import = Median(ModuleSection, "Import-Module Kube.PowerShell (fresh pwsh)");
        var importCpu = Median(ModuleSection, "Import-Module, CPU time of the pwsh process");
        yield return (BenchSection.Module, "Import-Module under 300 ms", (import is { } i ? $"{i * 1000:0} ms wall" : "n/a") + (importCpu is { } c ? $", {c * 1000:0} ms CPU" : ""), import is { } t ? t < 0.3 : null);

        var added = Median(ModuleSection, "Import-Module over a bare pwsh start (wall)");
        var addedCpu = Median(ModuleSection, "Import-Module over a bare pwsh start (CPU)");
        yield return (BenchSection.Module, "Import-Module adds ≤ 250 ms to a bare pwsh -NoProfile start (median)", (added is { } w ? $"{w * 1000:0} ms wall" : "n/a") + (addedCpu is { } u ? $", {u * 1000:0} ms CPU" : ""), added is { } x ? x <= 0.25 : null);
    }

    /// <summary>Issue 8 §6: logs at least as fast as kubectl, exec 5× faster in process, port-forward ≥ 80% of kubectl's.</summary>
    private IEnumerable<(BenchSection Section, string Target, string Reached, bool? Met)> StreamTargets()
    {
        double? Rate(string section, string name) => Find(section, name) is { BytesPerRun: { } bytes, Time: { } t } && t.Median > 0 ? bytes / 1e6 / t.Median : null;
        string MBs(double? rate) => rate is { } r ? Number(r) + " MB/s" : "n/a";

        if (_options.Measures(BenchSection.Logs))
        {
            string logs = LogsSection(_options);
            var ours = Rate(logs, LogLinesRow);
            var kubectl = Rate(logs, KubectlLogsRow);
            var floor = Rate(logs, RawLogRow);
            var cmdlet = Rate(logs, GetKubeLogRow);
            yield return (BenchSection.Logs, "(issue 8) log throughput: Kube.Client's lines at least kubectl logs' MB/s",
                $"{MBs(ours)} vs kubectl {MBs(kubectl)} ({Fmt(ours / kubectl)}×); raw GET {MBs(floor)}; Get-KubeLog {MBs(cmdlet)}",
                ours is { } o && kubectl is { } k ? o >= k : null);
        }

        if (_options.Measures(BenchSection.Exec))
        {
            string exec = ExecSection(_options);
            var ours = Find(exec, ExecInProcessRow)?.Time?.Median;
            var kubectl = Find(exec, KubectlExecRow)?.Time?.Median;
            double? speedup = ours is { } o && kubectl is { } k && o > 0 ? k / o : null;
            yield return (BenchSection.Exec, "(issue 8) exec round trip (echo) in process ≥ 5× faster than a kubectl exec process per call",
                $"{Ms(ours)} vs kubectl {Ms(kubectl)} per call: {Fmt(speedup)}× faster", speedup is { } x ? x >= 5 : null);
        }

        if (_options.Measures(BenchSection.PortForward))
        {
            string forward = PortForwardSection(_options);
            var ours = Rate(forward, PortForwarderRow);
            var kubectl = Rate(forward, KubectlPortForwardRow);
            var direct = Rate(forward, DirectPodRow);
            double? share = ours is { } o && kubectl is { } k && k > 0 ? o / k : null;
            yield return (BenchSection.PortForward, "(issue 8) port-forward throughput ≥ 80% of kubectl port-forward's",
                $"{MBs(ours)} vs kubectl {MBs(kubectl)} ({(share is { } p ? (p * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "n/a")}); direct to the pod {MBs(direct)}",
                share is { } q ? q >= 0.8 : null);
        }
    }

    private static string Ms(double? seconds) => seconds is { } s ? (s * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    public const string RawLogRow = "raw GET /log (floor)";
    public const string LogStreamRow = "Kube.Client GetLogStreamAsync (bytes)";
    public const string LogLinesRow = "Kube.Client GetLogsAsync (lines)";
    public const string GetKubeLogRow = "Get-KubeLog | Measure-Object (pwsh)";
    public const string KubectlLogsRow = "kubectl logs (process)";
    public const string ExecInProcessRow = "Kube.Client RemoteCommandClient, one client (per call)";
    public const string KubectlExecRow = "kubectl exec, a process per call (per call)";
    public const string InvokeKubeExecRow = "Invoke-KubeExec in one pwsh (per call)";
    public const string DirectPodRow = "direct to the pod IP (floor)";
    public const string PortForwarderRow = "Kube.Client PortForwarder";
    public const string KubectlPortForwardRow = "kubectl port-forward (process)";

    public static string LogsSection(BenchOptions o) => $"Logs ({o.LogBytes / 1_000_000:N0} MB)";

    public static string ExecSection(BenchOptions o) => $"Exec ({o.ExecCalls} × echo)";

    public static string PortForwardSection(BenchOptions o) => $"Port-forward ({o.PortForwardBytes / 1_000_000:N0} MB)";

    public const string CustomResourceCmdletRow = "Get-KubeResource (custom resources) | Measure-Object";
    public const string CustomResourceKubectlRow = "kubectl get (custom resources) -o json | ConvertFrom-Json";
    public const string CustomResourceFloorRow = "raw GET of the custom resources' Table pages (floor)";

    public const string PowerShellSection = "PowerShell";
    public const string InformerSection = "Informer";
    public const string ModuleSection = "Module";
    public const string WatchSection = "Watch";
    public const string InClusterSection = "In the cluster";

    public static string ListConfigMapsSection(BenchOptions o) => $"List {o.ConfigMapCount:N0} ConfigMaps";

    public static string ListPodsSection(BenchOptions o) => $"List {o.PodCount:N0} Pods";

    private ResultRow? Find(string section, string name) =>
        _rows.FirstOrDefault(r => r.Section == section && r.Name == name && r.Error is null);

    private double? FloorRatio(ResultRow row)
    {
        if (row.Time is not { } time) return null;
        string? floorName = row.FloorName ?? row.Floor switch
        {
            Floor.Json => "raw GET, JSON (floor)",
            Floor.Protobuf => "raw GET, protobuf (floor)",
            _ => null,
        };
        if (floorName is null || floorName == row.Name && row.Section == row.FloorKey) return null;
        var floor = _rows.FirstOrDefault(r => r.Section == row.FloorKey && r.Name == floorName && r.Error is null);
        return floor?.Time is { } f && f.Median > 0 ? time.Median / f.Median : null;
    }

    private string RatioText(ResultRow row)
    {
        if (row.Ratio is { } own) return own.ToString("0.00", CultureInfo.InvariantCulture) + "× " + row.RatioBasis;
        return FloorRatio(row) is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "";
    }

    private static (string Median, string Range) Figures(ResultRow row)
    {
        if (row.Value is { } value) return (Number(value) + " " + row.Unit, "");
        if (row.Time is not { } t) return ("", "");
        if (row.BytesPerRun is { } bytes)
            return (Number(bytes / 1e6 / t.Median) + " MB/s", Number(bytes / 1e6 / t.Max) + " – " + Number(bytes / 1e6 / t.Min) + " MB/s");
        return (Seconds(t.Median), Seconds(t.Min) + " – " + Seconds(t.Max));
    }

    private static string AllocatedText(ResultRow row) => row.Allocated is { } a ? Bytes(a.Median) : "";

    private static string Seconds(double s) => s < 1
        ? (s * 1000).ToString(s < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms"
        : s.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Number(double v) => v >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Bytes(double? b) => b is not { } v ? "n/a" : v >= 1 << 20
        ? (v / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : (v / 1024).ToString("0", CultureInfo.InvariantCulture) + " KiB";

    private static string Fmt(double? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static double? Best(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");

    private static string Cut(string text, int width) => text.Length <= width ? text : text.Substring(0, width - 1) + "…";
}
