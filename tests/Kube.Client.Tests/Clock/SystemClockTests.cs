using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Clock;
using Xunit;

namespace Kube.Client.Tests.Clock;

public class SystemClockTests
{
    private readonly SystemClock _clock = SystemClock.Instance;

    [Fact]
    public async Task DelayUntilAsync_completes_only_once_the_deadline_has_passed()
    {
        TimeSpan deadline = _clock.Elapsed + TimeSpan.FromMilliseconds(30);

        await _clock.DelayUntilAsync(deadline, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(_clock.Elapsed >= deadline, $"woke at {_clock.Elapsed}, before {deadline}");
    }

    [Fact]
    public void A_deadline_already_passed_completes_at_once()
    {
        Assert.True(_clock.DelayUntilAsync(_clock.Elapsed - TimeSpan.FromSeconds(1), CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_wait_is_cancelled_with_its_token()
    {
        using var cts = new CancellationTokenSource();
        var wait = _clock.DelayAsync(TimeSpan.FromHours(1), cts.Token);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Elapsed_never_goes_back_and_UtcNow_is_the_wall_clock()
    {
        TimeSpan first = _clock.Elapsed;
        TimeSpan second = _clock.Elapsed;

        Assert.True(second >= first);
        Assert.InRange(_clock.UtcNow, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
    }
}
