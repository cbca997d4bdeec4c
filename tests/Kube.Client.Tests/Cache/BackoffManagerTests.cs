using System;
using System.Linq;
using Kube.Client.Retry;
using Xunit;

namespace Kube.Client.Tests.Cache;

public class BackoffManagerTests
{
    [Fact]
    public void Without_jitter_delays_double_from_800_ms_to_the_30_s_cap()
    {
        var now = DateTimeOffset.UnixEpoch;
        var backoff = new BackoffManager(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), jitter: 0, clock: () => now);
        var delays = Enumerable.Range(0, 8).Select(_ =>
        {
            now += TimeSpan.FromSeconds(1);
            return backoff.NextDelay().TotalMilliseconds;
        });
        Assert.Equal(new[] { 800.0, 1600, 3200, 6400, 12800, 25600, 30000, 30000 }, delays);
    }

    [Fact]
    public void Jitter_lengthens_a_delay_by_at_most_itself_and_never_passes_the_cap()
    {
        var now = DateTimeOffset.UnixEpoch;
        var backoff = new BackoffManager(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), jitter: 1.0, clock: () => now, random: new Random(7));
        double expected = 800;
        for (int i = 0; i < 10; i++)
        {
            double delay = backoff.NextDelay().TotalMilliseconds;
            Assert.InRange(delay, Math.Min(expected, 30000), Math.Min(2 * expected, 30000));
            expected *= 2;
        }
    }

    [Fact]
    public void After_a_quiet_spell_the_backoff_starts_over()
    {
        var now = DateTimeOffset.UnixEpoch;
        var backoff = new BackoffManager(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), jitter: 0, clock: () => now);
        backoff.NextDelay();
        backoff.NextDelay();
        Assert.Equal(3200, backoff.NextDelay().TotalMilliseconds);
        now += TimeSpan.FromMinutes(3);
        Assert.Equal(800, backoff.NextDelay().TotalMilliseconds);
    }

    [Fact]
    public void The_reflector_defaults_are_client_gos()
    {
        var backoff = BackoffManager.ForReflector();
        Assert.Equal(TimeSpan.FromMilliseconds(800), backoff.Initial);
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Cap);
        Assert.Equal(TimeSpan.FromMinutes(2), backoff.ResetAfter);
        Assert.Equal(1.0, backoff.Jitter);
    }
}
