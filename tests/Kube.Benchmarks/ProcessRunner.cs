using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>Runs a child process and times it; its output is either discarded or returned.</summary>
public static class ProcessRunner
{
    public sealed record Result(double Seconds, string Stdout, string Stderr, int ExitCode);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, BenchOptions options, bool keepStdout, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.RepoRoot,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["KUBECONFIG"] = options.Kubeconfig;
        // A pwsh child must not inherit a module path that points elsewhere, nor print in colour.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = keepStdout
            ? process.StandardOutput.ReadToEndAsync(ct)
            : Discard(process.StandardOutput.BaseStream, ct);
        Task<string> stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        string output = await stdout;
        string errors = await stderr;
        clock.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {Trim(errors.Length > 0 ? errors : output)}");
        return new Result(clock.Elapsed.TotalSeconds, output, errors, process.ExitCode);
    }

    private static async Task<string> Discard(Stream stream, CancellationToken ct)
    {
        await stream.CopyToAsync(Stream.Null, 81920, ct);
        return "";
    }

    private static string Trim(string text)
    {
        text = text.Trim();
        return text.Length > 2000 ? text.Substring(0, 2000) + "..." : text;
    }
}
