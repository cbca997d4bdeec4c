using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Kube.Client.Tests.Support;

/// <summary>Waits for a condition that other tasks make true; the timeout bounds a hang, it measures nothing.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"Gave up after {limit.TotalSeconds:0} s waiting for {what}.");
            await Task.Delay(5);
        }
    }
}
