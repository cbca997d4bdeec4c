using System;
using System.Linq;
using Kube.Client.Retry;
using Xunit;

namespace Kube.Client.Tests.Retry;

public class BackoffTests
{
    [Fact]
    public void Delays_grow_by_the_factor_and_stop_at_the_cap()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(800), factor: 2, jitter: 0, cap: TimeSpan.FromSeconds(30));
        Assert.Equal(new[] { 800.0, 1600, 3200, 6400, 12800, 25600, 30000, 30000 },
            new[] { 0, 1, 2, 3, 4, 5, 6, 7 }.Select(i => b.Delay(i).TotalMilliseconds));
    }

    [Fact]
    public void Jitter_only_lengthens_and_by_at_most_its_fraction()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(1000), factor: 1, jitter: 0.5);
        var rnd = new Random(1);
        for (int i = 0; i < 200; i++)
        {
            var d = b.Delay(0, rnd).TotalMilliseconds;
            Assert.InRange(d, 1000, 1500);
        }
    }
}
