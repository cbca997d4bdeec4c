using System;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;

namespace Kube.Benchmarks;

/// <summary>
/// Our side of the watch rows, run as `Kube.Benchmarks watch-informer ...` in a process of its own so
/// that its CPU time is the informer's alone (the writer runs in the harness): a typed ConfigMap
/// informer on one namespace that counts the events its handler gets after the sync, as
/// tools/go/clientgo-bench's "watch" does for client-go. It prints <c>{"ready":true}</c> once synced,
/// then <c>{"events":N,"seconds":S,"cpuSeconds":C}</c>, wall and CPU time from the first event to
/// the last, so that neither counts the wait for the writer to start.
/// </summary>
public static class InformerWatchChild
{
    public const string Command = "watch-informer";

    public static string[] Arguments(BenchOptions options, string ns, long events, TimeSpan timeout) => new[]
    {
        Command, "--kubeconfig", options.Kubeconfig, "--context", options.Context, "--repo", options.RepoRoot, "--namespace", ns,
        "--events", events.ToString(CultureInfo.InvariantCulture), "--timeout", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{Command}: {name} is missing");
        }
        string ns = Value("--namespace");
        long expected = long.Parse(Value("--events"), CultureInfo.InvariantCulture);
        var timeout = TimeSpan.FromSeconds(int.Parse(Value("--timeout"), CultureInfo.InvariantCulture));

        var config = await BenchCluster.LoadAsync(BenchOptions.Parse(new[] { "--kubeconfig", Value("--kubeconfig"), "--context", Value("--context"), "--repo", Value("--repo") }));
        using var rest = RestClient.Create(config);
        var factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions { Namespace = ns });
        var informer = factory.ConfigMaps();
        using var process = Process.GetCurrentProcess();
        long count = 0;
        int counting = 0;
        var cpu = TimeSpan.Zero;
        long first = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // One handler thread delivers the events in order: cpu and first are written before any later read.
        void Count()
        {
            if (Volatile.Read(ref counting) == 0) return;
            long n = Interlocked.Increment(ref count);
            if (n == 1)
            {
                process.Refresh();
                cpu = process.TotalProcessorTime;
                first = Stopwatch.GetTimestamp();
            }
            if (n == expected) done.TrySetResult();
        }
        informer.AddEventHandler(new ResourceEventHandlerFuncs<ConfigMap>
        {
            AddFunc = (_, initial) => { if (!initial) Count(); },
            UpdateFunc = (_, _) => Count(),
            DeleteFunc = _ => Count(),
        });
        using var stop = new CancellationTokenSource();
        factory.Start(stop.Token);
        await informer.WaitForCacheSyncAsync(stop.Token);
        Volatile.Write(ref counting, 1);
        Console.WriteLine("{\"ready\":true}");

        bool all = await Task.WhenAny(done.Task, Task.Delay(timeout)) == done.Task;
        var seconds = Stopwatch.GetElapsedTime(first).TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        await stop.CancelAsync();
        await factory.ShutdownAsync();
        Console.WriteLine(all
            ? JsonSerializer.Serialize(new { events = Interlocked.Read(ref count), seconds, cpuSeconds })
            : JsonSerializer.Serialize(new { error = $"saw {Interlocked.Read(ref count)} of {expected} events in {timeout}" }));
        return 0;
    }
}
