using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Clock;

/// <summary>
/// The time source of the parts that wait or measure intervals (workqueue delays and rate limits,
/// leader election). <see cref="SystemClock"/> is the real one; tests pass a fake that they advance
/// by hand, so that time-dependent behaviour is tested without sleeping.
/// </summary>
public interface IClock
{
    /// <summary>Wall-clock time, for timestamps written to the server (a Lease's renewTime).</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>
    /// Monotonic time since an arbitrary origin, for intervals and deadlines. It never jumps when
    /// the wall clock is set.
    /// </summary>
    TimeSpan Elapsed { get; }

    /// <summary>
    /// Completes once <see cref="Elapsed"/> has reached <paramref name="deadline"/> (at once when it
    /// already has); cancelled with <paramref name="cancellationToken"/>.
    /// </summary>
    Task DelayUntilAsync(TimeSpan deadline, CancellationToken cancellationToken);
}
