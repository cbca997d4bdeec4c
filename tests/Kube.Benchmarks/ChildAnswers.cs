using System;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>
/// The answers of the bench's helper processes (tools/go/clientgo-bench, Kube.Benchmarks watch-informer):
/// one JSON object per line on standard output; an object with "error" is a failure, and an output that
/// ends is one too, reported with what the process wrote to standard error.
/// </summary>
public static class ChildAnswers
{
    /// <param name="who">The process, for messages: "client-go", "watch-informer".</param>
    public static async Task<JsonElement> ReadAsync(Process process, string who, CancellationToken ct)
    {
        string? line = await process.StandardOutput.ReadLineAsync(ct);
        if (line is null) throw new InvalidOperationException($"{who} stopped: {(await process.StandardError.ReadToEndAsync(ct)).Trim()}");
        using var document = JsonDocument.Parse(line);
        var answer = document.RootElement.Clone();
        if (answer.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{who}: {error.GetString()}");
        return answer;
    }

    /// <summary>A watch's closing answer: the events handled, the seconds from the first to the last, and the CPU seconds spent meanwhile.</summary>
    public static (long Events, double Seconds, double CpuSeconds) WatchFigures(JsonElement answer) =>
        (answer.GetProperty("events").GetInt64(), answer.GetProperty("seconds").GetDouble(), answer.GetProperty("cpuSeconds").GetDouble());
}
