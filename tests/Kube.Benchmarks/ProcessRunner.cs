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
    /// <summary>How the process ended; <see cref="StdoutBytes"/> counts its output, kept or discarded.</summary>
    public sealed record Result(double Seconds, string Stdout, string Stderr, int ExitCode, long StdoutBytes);

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
        Task<(string Text, long Bytes)> stdout = keepStdout
            ? KeepAsync(process.StandardOutput, ct)
            : DiscardAsync(process.StandardOutput.BaseStream, ct);
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
        var (output, outputBytes) = await stdout;
        string errors = await stderr;
        clock.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {Trim(errors.Length > 0 ? errors : output)}");
        return new Result(clock.Elapsed.TotalSeconds, output, errors, process.ExitCode, outputBytes);
    }

    private static async Task<(string, long)> KeepAsync(StreamReader reader, CancellationToken ct)
    {
        string text = await reader.ReadToEndAsync(ct);
        return (text, System.Text.Encoding.UTF8.GetByteCount(text));
    }

    /// <summary>Reads the output as it comes, counting its bytes and keeping none.</summary>
    private static async Task<(string, long)> DiscardAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[128 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0) total += read;
        return ("", total);
    }

    private static string Trim(string text)
    {
        text = text.Trim();
        return text.Length > 2000 ? text.Substring(0, 2000) + "..." : text;
    }
}
