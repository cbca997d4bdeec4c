using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace Kube.Client.IntegrationTests.Oracle;

/// <summary>
/// tools/go/apimachinery-oracle: apimachinery 1.20.2 itself, built from the Debian source tree the
/// local control plane comes from, answering quantity and label-selector questions one JSON line
/// at a time.
/// </summary>
public sealed class ApimachineryOracle : IDisposable
{
    private readonly Process _process;

    private ApimachineryOracle(Process process) => _process = process;

    public static async Task<ApimachineryOracle> StartAsync()
    {
        string binary = await BuildAsync("apimachinery-oracle");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        return new ApimachineryOracle(process);
    }

    /// <summary>Builds tools/go/NAME (cached) and returns the binary's path.</summary>
    public static async Task<string> BuildAsync(string name)
    {
        string script = RepoFile("tools", "go", "build-go-program.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(name);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"build-go-program.sh {name} exited with {process.ExitCode}: {await stderr}");
        return (await stdout).Trim();
    }

    /// <summary>Asks every question in order; the answers come back in the same order.</summary>
    public async Task<IReadOnlyList<JsonElement>> AskAsync(IEnumerable<object> questions)
    {
        var answers = new List<JsonElement>();
        // Writing all first could fill both pipes; answer each line before the next.
        foreach (var question in questions)
        {
            await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(question));
            await _process.StandardInput.FlushAsync();
            string? line = await _process.StandardOutput.ReadLineAsync();
            if (line is null)
                throw new InvalidOperationException($"the oracle stopped: {await _process.StandardError.ReadToEndAsync()}");
            using var document = JsonDocument.Parse(line);
            answers.Add(document.RootElement.Clone());
        }
        return answers;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, Path.Combine(parts));
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{Path.Combine(parts)} not found above {AppContext.BaseDirectory}.");
    }
}
