using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Kube.Benchmarks;

/// <summary>What one harness run measures and where it writes; parsed from the command line.</summary>
public sealed class BenchOptions
{
    public const string Usage =
        "Kube.Benchmarks [--quick] [--runs N] [--output FILE] [--module DIR] [--kubeconfig FILE] [--context NAME] [--repo DIR] [--only SECTION[,SECTION...]]";

    /// <summary>The names --only takes (case does not matter), each with the sections it runs.</summary>
    public static readonly IReadOnlyDictionary<string, BenchSection> SectionNames = new Dictionary<string, BenchSection>(StringComparer.OrdinalIgnoreCase)
    {
        ["Lists"] = BenchSection.Lists,
        ["PowerShell"] = BenchSection.PowerShell,
        ["Watch"] = BenchSection.Watch,
        ["Informers"] = BenchSection.Informers,
        ["Module"] = BenchSection.Module,
        ["InCluster"] = BenchSection.InCluster,
        ["Streams"] = BenchSection.Streams,
        ["Logs"] = BenchSection.Logs,
        ["Exec"] = BenchSection.Exec,
        ["PortForward"] = BenchSection.PortForward,
    };

    /// <summary>Fewer objects and runs: a smoke run that exercises every row.</summary>
    public bool Quick { get; private set; }

    /// <summary>Measured runs per row (a warm-up run comes first and is not counted).</summary>
    public int Runs { get; private set; } = 5;

    public string Output { get; private set; } = "";

    /// <summary>The sections this run measures (--only); every one by default.</summary>
    public BenchSection Sections { get; private set; } = BenchSection.All;

    /// <summary>True when the run measures any of <paramref name="sections"/>.</summary>
    public bool Measures(BenchSection sections) => (Sections & sections) != 0;

    /// <summary>The laid-out module (out/module/Kube.PowerShell) for the PowerShell rows.</summary>
    public string ModulePath { get; private set; } = "";

    public string Kubeconfig { get; private set; } = "";

    public string Context { get; private set; } = "kube-ps-admin";

    /// <summary>The repository root: where `dotnet pwsh` finds its tool manifest, and git the commit.</summary>
    public string RepoRoot { get; private set; } = "";

    public int ConfigMapCount => Quick ? 500 : 10_000;

    public int PodCount => Quick ? 200 : 3_000;

    /// <summary>Custom resources of the PowerShell rows (issue 12: Get-KubeResource on 10,000 custom resources).</summary>
    public int CustomResourceCount => Quick ? 500 : 10_000;

    public int WatchCount => Quick ? 300 : 10_000;

    /// <summary>The log the stream pod writes: lines of 100 bytes (issue 8: 100 MB).</summary>
    public long LogBytes => Quick ? 20_000_000 : 100_000_000;

    /// <summary>The file the stream pod's httpd serves through the port-forward rows (issue 8: 200 MB).</summary>
    public long PortForwardBytes => Quick ? 50_000_000 : 200_000_000;

    /// <summary>Round trips per exec run (issue 8: 100 × echo).</summary>
    public int ExecCalls => Quick ? 20 : 100;

    /// <summary>Fresh pwsh processes for the Import-Module figure.</summary>
    public int ImportRuns => Math.Max(Runs, Quick ? 2 : 10);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        bool runsGiven = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value. Usage: {Usage}");
            switch (arg.ToLowerInvariant())
            {
                case "--quick": options.Quick = true; break;
                case "--runs":
                    string runs = Value();
                    if (!int.TryParse(runs, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 100)
                        throw new ArgumentException($"--runs is \"{runs}\"; expected a whole number from 1 to 100.");
                    options.Runs = n;
                    runsGiven = true;
                    break;
                case "--output": options.Output = Value(); break;
                case "--module": options.ModulePath = Value(); break;
                case "--kubeconfig": options.Kubeconfig = Value(); break;
                case "--context": options.Context = Value(); break;
                case "--repo": options.RepoRoot = Value(); break;
                case "--only": options.Sections = ParseSections(Value()); break;
                case "-h":
                case "--help":
                    throw new ArgumentException(Usage);
                default:
                    throw new ArgumentException($"unknown argument \"{arg}\". Usage: {Usage}");
            }
        }
        if (options.Quick && !runsGiven) options.Runs = 2;
        if (options.RepoRoot.Length == 0) options.RepoRoot = FindRepoRoot();
        options.RepoRoot = Path.GetFullPath(options.RepoRoot);
        if (options.Output.Length == 0) options.Output = Path.Combine(options.RepoRoot, "docs", "benchmarks.md");
        if (options.ModulePath.Length == 0) options.ModulePath = Path.Combine(options.RepoRoot, "out", "module", "Kube.PowerShell");
        // pwsh's Import-Module takes a relative path without ./ for a module name.
        options.ModulePath = Path.GetFullPath(options.ModulePath);
        if (options.Kubeconfig.Length == 0) options.Kubeconfig = DefaultKubeconfig();
        if (!File.Exists(options.Kubeconfig))
            throw new ArgumentException($"the kubeconfig {options.Kubeconfig} does not exist: start the local control plane (./build.ps1 Cluster -Action Start) or pass --kubeconfig.");
        return options;
    }

    /// <summary>"Streams" or "lists,watch": the union of the sections named.</summary>
    public static BenchSection ParseSections(string text)
    {
        var sections = BenchSection.None;
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0) continue;
            if (!SectionNames.TryGetValue(part, out var section))
                throw new ArgumentException($"--only names an unknown section \"{part}\"; the sections are: {string.Join(", ", SectionNames.Keys)}.");
            sections |= section;
        }
        if (sections == BenchSection.None)
            throw new ArgumentException($"--only needs at least one section: {string.Join(", ", SectionNames.Keys)}.");
        return sections;
    }

    private static string DefaultKubeconfig()
    {
        string? explicitPath = Environment.GetEnvironmentVariable("KUBE_PS_TEST_KUBECONFIG");
        if (!string.IsNullOrEmpty(explicitPath)) return explicitPath;
        string? cache = Environment.GetEnvironmentVariable("KUBE_PS_CACHE");
        if (string.IsNullOrEmpty(cache))
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kube-powershell");
        return Path.Combine(cache, "cluster", "kubeconfig");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kube.PowerShell.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kube.PowerShell.sln"))) return dir.FullName;
        throw new ArgumentException("could not find the repository root (Kube.PowerShell.sln); pass --repo.");
    }
}
