using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Clock;

public static class ClockExtensions
{
    /// <summary>Waits <paramref name="delay"/> from now on <paramref name="clock"/>.</summary>
    public static Task DelayAsync(this IClock clock, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (clock is null) throw new ArgumentNullException(nameof(clock));
        return clock.DelayUntilAsync(clock.Elapsed + delay, cancellationToken);
    }
}
