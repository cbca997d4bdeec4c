using System;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>
/// `kubectl port-forward` to a pod on a free local port (127.0.0.1 only), running until disposed.
/// Its output is read as it comes (it prints a line per connection), so it never blocks on a full pipe.
/// </summary>
public sealed partial class KubectlPortForward : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;
    private Task _stdoutPump = Task.CompletedTask;

    private KubectlPortForward(Process process)
    {
        _process = process;
        _stderrPump = Task.Run(async () =>
        {
            string? line;
            while ((line = await process.StandardError.ReadLineAsync()) is not null)
                lock (_stderr) { if (_stderr.Length < 4000) _stderr.AppendLine(line); }
        });
    }

    public int LocalPort { get; private set; }

    /// <summary>What kubectl wrote to stderr so far (its connection errors).</summary>
    public string Errors
    {
        get { lock (_stderr) return _stderr.ToString().Trim(); }
    }

    public static async Task<KubectlPortForward> StartAsync(BenchOptions options, string ns, string pod, int remotePort, CancellationToken ct)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.RepoRoot,
        };
        foreach (string a in new[] { "--kubeconfig", options.Kubeconfig, "--context", options.Context, "port-forward", "-n", ns, "pod/" + pod, ":" + remotePort, "--address", "127.0.0.1" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start kubectl port-forward");
        var forward = new KubectlPortForward(process);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            while (true)
            {
                string? line;
                try
                {
                    line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"kubectl port-forward did not say where it listens within {StartTimeout.TotalSeconds:0} s: {forward.Errors}");
                }
                if (line is null)
                {
                    await forward._stderrPump;
                    throw new InvalidOperationException($"kubectl port-forward ended before it listened: {forward.Errors}");
                }
                var match = Listening().Match(line);
                if (!match.Success) continue;
                forward.LocalPort = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
            forward._stdoutPump = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is not null) { }
            });
            return forward;
        }
        catch
        {
            await forward.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
        await _process.WaitForExitAsync();
        try { await Task.WhenAll(_stdoutPump, _stderrPump); }
        catch (Exception e) when (e is System.IO.IOException or ObjectDisposedException) { }
        _process.Dispose();
    }

    [GeneratedRegex(@"^Forwarding from 127\.0\.0\.1:(\d+) -> \d+")]
    private static partial Regex Listening();
}
