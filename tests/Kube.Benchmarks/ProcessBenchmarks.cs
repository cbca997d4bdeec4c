using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>
/// Rows measured in child processes: kubectl, and PowerShell in a fresh `dotnet pwsh` with the
/// module imported. A PowerShell row runs its command once to warm up and then <c>Runs</c> times
/// in the same session, timing each inside pwsh (process start-up is the Import-Module row's business).
/// </summary>
public sealed class ProcessBenchmarks
{
    private readonly BenchOptions _options;
    private readonly string _scriptDirectory;

    public ProcessBenchmarks(BenchOptions options)
    {
        _options = options;
        _scriptDirectory = Path.Combine(Path.GetTempPath(), "kube-ps-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_scriptDirectory);
    }

    /// <summary>`kubectl get RESOURCE -n NS -o json`, its output read and discarded.</summary>
    public async Task<ResultRow> KubectlAsync(string section, string resource, string ns, CancellationToken ct)
    {
        var row = new ResultRow(section, "kubectl get -o json (process)") { Floor = Floor.Json, FloorKey = section, Note = "kubectl 1.32; pages of 500 (its default --chunk-size)" };
        var args = new[] { "--kubeconfig", _options.Kubeconfig, "--context", _options.Context, "get", resource, "-n", ns, "-o", "json" };
        try
        {
            await ProcessRunner.RunAsync("kubectl", args, _options, keepStdout: false, ct);
            for (int i = 0; i < _options.Runs; i++)
            {
                var result = await ProcessRunner.RunAsync("kubectl", args, _options, keepStdout: false, ct);
                row.Samples.Add(new Sample(result.Seconds, null));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            row.Error = e.Message;
        }
        return row;
    }

    private const string CommandScript = """
        param([string] $Module, [string] $Command, [int] $Runs)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        $block = [scriptblock]::Create($Command)
        $null = & $block
        $samples = foreach ($i in 1..$Runs) {
            [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
            $allocated = [GC]::GetTotalAllocatedBytes($true)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $count = & $block
            $clock.Stop()
            [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated; Count = [int] $count }
        }
        ConvertTo-Json -InputObject @($samples) -Compress
        """;

    /// <summary>Runs <paramref name="command"/> (a script that outputs a count) in a fresh pwsh with the module imported.</summary>
    public async Task<ResultRow> PowerShellAsync(string section, string floorKey, string name, string command, Floor floor, string note, CancellationToken ct)
    {
        var row = new ResultRow(section, name) { Floor = floor, FloorKey = floorKey, Note = note };
        string script = Path.Combine(_scriptDirectory, "command.ps1");
        await File.WriteAllTextAsync(script, CommandScript, ct);
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet",
                new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script, "-Module", _options.ModulePath, "-Command", command, "-Runs", _options.Runs.ToString(CultureInfo.InvariantCulture) },
                _options, keepStdout: true, ct);
            string json = LastLine(result.Stdout);
            var counts = new List<int>();
            foreach (var sample in JsonDocument.Parse(json).RootElement.EnumerateArray())
            {
                row.Samples.Add(new Sample(sample.GetProperty("Seconds").GetDouble(), sample.GetProperty("Allocated").GetInt64()));
                counts.Add(sample.GetProperty("Count").GetInt32());
            }
            row.Note = $"{note}{(note.Length > 0 ? "; " : "")}{counts.Distinct().Select(c => c.ToString(CultureInfo.InvariantCulture)).Aggregate((a, b) => a + "/" + b)} objects";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            row.Error = e.Message;
        }
        return row;
    }

    private const string ImportScript = """
        param([string] $Module, [string] $Namespace, [string] $Pod)
        $ErrorActionPreference = 'Stop'
        $process = [Diagnostics.Process]::GetCurrentProcess()
        $cpu = $process.TotalProcessorTime
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Import-Module $Module
        $import = $clock.Elapsed.TotalSeconds
        $process.Refresh(); $importCpu = ($process.TotalProcessorTime - $cpu).TotalSeconds; $cpu = $process.TotalProcessorTime
        $clock.Restart()
        $null = Get-KubePod -Namespace $Namespace -Name $Pod
        $first = $clock.Elapsed.TotalSeconds
        $process.Refresh(); $firstCpu = ($process.TotalProcessorTime - $cpu).TotalSeconds
        $clock.Restart()
        $null = Get-KubePod -Namespace $Namespace -Name $Pod
        $second = $clock.Elapsed.TotalSeconds
        ConvertTo-Json -Compress -InputObject @{ Import = $import; ImportCpu = $importCpu; First = $first; FirstCpu = $firstCpu; Second = $second }
        """;

    /// <summary>What a child pwsh prints last: the CPU time (user + system, every thread) it has used so far, in seconds.</summary>
    private const string PrintCpu = "[Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds";

    /// <summary>
    /// Import-Module in fresh pwsh processes: each run starts a bare `pwsh -NoProfile` and one that
    /// imports the module, one after the other, and the import's cost is the difference of the two
    /// (wall time of the whole process, and its CPU time); then, inside a third process, the import,
    /// the first command after it (connection, kubeconfig, JIT) and the same command again.
    /// </summary>
    public async Task<List<ResultRow>> ModuleAsync(string section, string ns, string pod, CancellationToken ct)
    {
        var bare = new ResultRow(section, "pwsh -NoProfile -c exit (process wall time)") { Note = "the floor of the next rows" };
        var started = new ResultRow(section, "pwsh -NoProfile -c Import-Module (process wall time)");
        var added = new ResultRow(section, "Import-Module over a bare pwsh start (wall)") { Note = "target <= 250 ms; per run: import process - bare process" };
        var addedCpu = new ResultRow(section, "Import-Module over a bare pwsh start (CPU)") { Note = "user + system, every thread, same pairs" };
        var import = new ResultRow(section, "Import-Module Kube.PowerShell (fresh pwsh)") { Note = "timed inside the session" };
        var first = new ResultRow(section, "first command after import: Get-KubePod -Name (one pod)") { Note = "kubeconfig, TLS connection, JIT" };
        var second = new ResultRow(section, "the same command again") { Note = "warm connection" };
        // CPU time (all threads of the pwsh process) moves far less than wall time when the machine is shared.
        var importCpu = new ResultRow(section, "Import-Module, CPU time of the pwsh process") { Note = "user + system, every thread" };
        var firstCpu = new ResultRow(section, "first command, CPU time of the pwsh process") { Note = "user + system, every thread" };
        string script = Path.Combine(_scriptDirectory, "import.ps1");
        await File.WriteAllTextAsync(script, ImportScript, ct);
        string importCommand = $"Import-Module '{_options.ModulePath.Replace("'", "''", StringComparison.Ordinal)}'; {PrintCpu}";
        try
        {
            // One unmeasured pair: the first start after a build pays for disk caches.
            await ProcessRunner.RunAsync("dotnet", new[] { "pwsh", "-NoProfile", "-NonInteractive", "-c", importCommand }, _options, keepStdout: true, ct);
            for (int i = 0; i < _options.ImportRuns; i++)
            {
                var bareRun = await ProcessRunner.RunAsync("dotnet", new[] { "pwsh", "-NoProfile", "-NonInteractive", "-c", PrintCpu }, _options, keepStdout: true, ct);
                var importRun = await ProcessRunner.RunAsync("dotnet", new[] { "pwsh", "-NoProfile", "-NonInteractive", "-c", importCommand }, _options, keepStdout: true, ct);
                bare.Samples.Add(new Sample(bareRun.Seconds, null));
                started.Samples.Add(new Sample(importRun.Seconds, null));
                added.Samples.Add(new Sample(importRun.Seconds - bareRun.Seconds, null));
                addedCpu.Samples.Add(new Sample(Seconds(importRun.Stdout) - Seconds(bareRun.Stdout), null));

                var result = await ProcessRunner.RunAsync("dotnet",
                    new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script, "-Module", _options.ModulePath, "-Namespace", ns, "-Pod", pod },
                    _options, keepStdout: true, ct);
                var figures = JsonDocument.Parse(LastLine(result.Stdout)).RootElement;
                import.Samples.Add(new Sample(figures.GetProperty("Import").GetDouble(), null));
                first.Samples.Add(new Sample(figures.GetProperty("First").GetDouble(), null));
                second.Samples.Add(new Sample(figures.GetProperty("Second").GetDouble(), null));
                importCpu.Samples.Add(new Sample(figures.GetProperty("ImportCpu").GetDouble(), null));
                firstCpu.Samples.Add(new Sample(figures.GetProperty("FirstCpu").GetDouble(), null));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            bare.Error = started.Error = added.Error = addedCpu.Error = e.Message;
            import.Error = first.Error = second.Error = importCpu.Error = firstCpu.Error = e.Message;
        }
        return new List<ResultRow> { bare, started, added, addedCpu, import, importCpu, first, firstCpu, second };
    }

    /// <summary>The laid-out module is there (./build.ps1 Build); the PowerShell rows need it.</summary>
    public bool ModuleBuilt => File.Exists(Path.Combine(_options.ModulePath, "Kube.PowerShell.psd1"));

    public string ModuleMissing => $"no module at {_options.ModulePath}: run ./build.ps1 Build";

    /// <summary>
    /// Runs <paramref name="script"/> (saved as <paramref name="fileName"/>; its first parameter is
    /// -Module, the module's path) in a fresh pwsh, and returns the JSON it printed last.
    /// </summary>
    public async Task<JsonElement> PowerShellScriptAsync(string fileName, string script, IEnumerable<string> arguments, CancellationToken ct)
    {
        string path = Path.Combine(_scriptDirectory, fileName);
        await File.WriteAllTextAsync(path, script, ct);
        var args = new List<string> { "pwsh", "-NoProfile", "-NonInteractive", "-File", path, "-Module", _options.ModulePath };
        args.AddRange(arguments);
        var result = await ProcessRunner.RunAsync("dotnet", args, _options, keepStdout: true, ct);
        using var json = JsonDocument.Parse(LastLine(result.Stdout));
        return json.RootElement.Clone();
    }

    /// <summary>
    /// Fills <paramref name="row"/> with the samples <paramref name="script"/> printed (see
    /// <see cref="PowerShellScriptAsync"/>), one per element of its JSON array, each turned into a
    /// <see cref="Sample"/> by <paramref name="read"/>; a <paramref name="read"/> that throws, a script that
    /// fails or a module that is not built leaves the row with that error and no figures.
    /// </summary>
    public async Task<ResultRow> PowerShellScriptRowAsync(ResultRow row, string fileName, string script, IEnumerable<string> arguments,
        Func<JsonElement, Sample> read, CancellationToken ct)
    {
        if (!ModuleBuilt)
        {
            row.Fail(ModuleMissing);
            return row;
        }
        try
        {
            var samples = await PowerShellScriptAsync(fileName, script, arguments, ct);
            foreach (var sample in samples.EnumerateArray())
                row.Samples.Add(read(sample));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            row.Fail(e.Message);
        }
        return row;
    }

    private static double Seconds(string output) => double.Parse(LastLine(output), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
        ?? throw new InvalidOperationException("pwsh printed nothing");
}
