using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Clock;
using Xunit;

using Kube.Client.Tests.Fakes;

namespace Kube.Client.Tests.Clock;

public class FakeClockTests
{
    [Fact]
    public async Task A_wait_cancelled_by_another_wait_firing_is_removed()
    {
        var clock = new FakeClock();
        using var round = new CancellationTokenSource();
        var deadline = Task.Run(async () =>
        {
            await clock.DelayUntilAsync(TimeSpan.FromSeconds(9), round.Token);
            round.Cancel();
        });
        await clock.WaitForWaitersAsync(1).WaitAsync(TimeSpan.FromSeconds(10));
        var sleep = clock.DelayAsync(TimeSpan.FromSeconds(10), round.Token);

        clock.Advance(TimeSpan.FromSeconds(9));
        await deadline.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sleep.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(clock.Pending);
    }
}
