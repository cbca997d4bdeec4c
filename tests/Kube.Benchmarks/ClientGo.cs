using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>
/// client-go 0.20.2 in the same run: tools/go/clientgo-bench, built against the vendored client-go
/// of the Debian source tree the control plane comes from, kept running and driven one JSON command
/// per line, so its runs take their place in the same rounds as the .NET clients'. Its figures are
/// measured inside the Go process (time, runtime.MemStats).
/// </summary>
public sealed class ClientGo : IDisposable
{
    public const string Name = "client-go 0.20.2";

    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private ClientGo(Process process) => _process = process;

    public static async Task<ClientGo> StartAsync(BenchOptions options, CancellationToken ct)
    {
        string script = Path.Combine(options.RepoRoot, "tools", "go", "build-go-program.sh");
        var build = await ProcessRunner.RunAsync("bash", new[] { script, "clientgo-bench" }, options, keepStdout: true, ct);
        if (build.ExitCode != 0) throw new InvalidOperationException($"building clientgo-bench failed: {build.Stderr.Trim()}");
        var start = new ProcessStartInfo(build.Stdout.Trim())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-kubeconfig");
        start.ArgumentList.Add(options.Kubeconfig);
        start.ArgumentList.Add("-context");
        start.ArgumentList.Add(options.Context);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start clientgo-bench");
        var client = new ClientGo(process);
        await client.AskAsync(new { op = "version" }, ct);
        return client;
    }

    /// <summary>One list through the typed clientset; the sample is client-go's own time and allocations.</summary>
    public async Task<(int Items, Sample Sample)> ListAsync(string resource, string ns, bool protobuf, CancellationToken ct)
    {
        var answer = await AskAsync(new { op = "list", resource, @namespace = ns, protobuf }, ct);
        return (answer.GetProperty("items").GetInt32(), new Sample(answer.GetProperty("seconds").GetDouble(), answer.GetProperty("allocatedBytes").GetInt64()));
    }

    /// <summary>An informer's initial sync: items, seconds, and the heap it holds afterwards.</summary>
    public async Task<(int Items, double Seconds, long HeapBytes)> InformerAsync(string resource, string ns, bool protobuf, CancellationToken ct)
    {
        var answer = await AskAsync(new { op = "informer", resource, @namespace = ns, protobuf }, ct);
        return (answer.GetProperty("items").GetInt32(), answer.GetProperty("seconds").GetDouble(), answer.GetProperty("heapBytes").GetInt64());
    }

    /// <summary>
    /// Starts an informer that counts <paramref name="events"/> events after its sync; the returned
    /// task of the first call completes when the watch is up, the second when every event arrived.
    /// </summary>
    public async Task<(Task Ready, Task<(long Events, double Seconds, double CpuSeconds)> Done)> WatchAsync(string resource, string ns, long events, TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await SendAsync(new { op = "watch", resource, @namespace = ns, events, timeoutSeconds = (int)timeout.TotalSeconds }, ct);
        }
        catch
        {
            _gate.Release();
            throw;
        }
        var ready = ReadAnswerAsync(ct);
        async Task<(long, double, double)> Finish()
        {
            try
            {
                await ready;
                return ChildAnswers.WatchFigures(await ReadAnswerAsync(ct));
            }
            finally
            {
                _gate.Release();
            }
        }
        return (ready, Finish());
    }

    private async Task<JsonElement> AskAsync(object command, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await SendAsync(command, ct);
            return await ReadAnswerAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SendAsync(object command, CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command).AsMemory(), ct);
        await _process.StandardInput.FlushAsync(ct);
    }

    private Task<JsonElement> ReadAnswerAsync(CancellationToken ct) => ChildAnswers.ReadAsync(_process, "client-go", ct);

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
        _gate.Dispose();
    }
}
