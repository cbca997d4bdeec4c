using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;

namespace Kube.Client.Tests.Fakes;

/// <summary>A rate limiter that lets everything through and counts how often it was asked.</summary>
public sealed class CountingRateLimiter : IRateLimiter
{
    private int _waits;

    public int Waits => Volatile.Read(ref _waits);

    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waits);
        return default;
    }
}
