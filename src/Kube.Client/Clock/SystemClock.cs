using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Clock;

/// <summary>The machine's clocks: <see cref="DateTimeOffset.UtcNow"/> and a <see cref="Stopwatch"/>.</summary>
public sealed class SystemClock : IClock
{
    private static readonly Stopwatch Origin = Stopwatch.StartNew();

    private SystemClock()
    {
    }

    public static SystemClock Instance { get; } = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public TimeSpan Elapsed => Origin.Elapsed;

    public Task DelayUntilAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        return deadline <= Origin.Elapsed ? Task.CompletedTask : WaitAsync(deadline, cancellationToken);
    }

    private static async Task WaitAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        // Timers may fire a little early against the Stopwatch, and Task.Delay takes at most
        // int.MaxValue milliseconds: wait again until the deadline has really passed.
        TimeSpan wait;
        while ((wait = deadline - Origin.Elapsed) > TimeSpan.Zero)
        {
            double ms = Math.Min(Math.Ceiling(wait.TotalMilliseconds), int.MaxValue - 1);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, ms)), cancellationToken).ConfigureAwait(false);
        }
    }
}
