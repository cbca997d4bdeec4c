using System.Threading;
using System.Threading.Tasks;
using Kube.Client.LeaderElection;
using Kube.Client.Tests.Fakes;

namespace Kube.Client.Tests.LeaderElection;

/// <summary>A lock that tells whether a call is in flight, and which clock wait came last when one ended.</summary>
internal sealed class TrackingLock : ILeaseLock
{
    private readonly ILeaseLock _inner;
    private readonly FakeClock _clock;
    private int _inFlight;
    private long _lastCallEnded;

    public TrackingLock(ILeaseLock inner, FakeClock clock)
    {
        _inner = inner;
        _clock = clock;
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public long LastCallEndedAtRegistration => Interlocked.Read(ref _lastCallEnded);

    public string Identity => _inner.Identity;

    public string Description => _inner.Description;

    public Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken) => Track(() => _inner.GetAsync(cancellationToken));

    public Task CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken) => Track(() => Wrap(_inner.CreateAsync(record, cancellationToken)));

    public Task UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken) => Track(() => Wrap(_inner.UpdateAsync(record, cancellationToken)));

    private static async Task<bool> Wrap(Task task)
    {
        await task;
        return true;
    }

    private async Task<T> Track<T>(System.Func<Task<T>> call)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await call();
        }
        finally
        {
            Interlocked.Exchange(ref _lastCallEnded, _clock.Registrations);
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
