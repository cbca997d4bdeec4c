using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>Timing and heap figures for one in-process run.</summary>
public static class Measure
{
    /// <summary>
    /// Times <paramref name="action"/> and counts the bytes allocated meanwhile on every thread
    /// (GC.GetTotalAllocatedBytes: async work resumes on pool threads, which the per-thread
    /// counter would miss). The heap is collected first so one run's garbage is not the next one's pause.
    /// </summary>
    public static async Task<Sample> RunAsync(Func<CancellationToken, Task> action, CancellationToken ct)
    {
        Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await action(ct);
        clock.Stop();
        long after = GC.GetTotalAllocatedBytes(precise: true);
        return new Sample(clock.Elapsed.TotalSeconds, after - before);
    }

    public static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>The live heap after full collections: what a cache holds once its garbage is gone.</summary>
    public static long SettledHeap()
    {
        for (int i = 0; i < 3; i++) Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
