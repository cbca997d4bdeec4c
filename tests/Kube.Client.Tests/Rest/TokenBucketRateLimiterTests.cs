using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.Tests.Rest;

public class TokenBucketRateLimiterTests
{
    private TimeSpan _now;
    private readonly List<TimeSpan> _sleeps = new();

    private TokenBucketRateLimiter Create(float qps, int burst) =>
        new(qps, burst, () => _now, (d, ct) => { _sleeps.Add(d); ct.ThrowIfCancellationRequested(); return Task.CompletedTask; });

    [Fact]
    public async Task A_full_bucket_lets_a_burst_through_without_waiting()
    {
        var limiter = Create(qps: 5, burst: 10);
        for (int i = 0; i < 10; i++) await limiter.WaitAsync(CancellationToken.None);
        Assert.Empty(_sleeps);
    }

    [Fact]
    public async Task Beyond_the_burst_each_request_waits_one_token_interval_more()
    {
        var limiter = Create(qps: 5, burst: 2);
        for (int i = 0; i < 5; i++) await limiter.WaitAsync(CancellationToken.None);
        Assert.Equal(new[] { 200.0, 400.0, 600.0 }, _sleeps.ConvertAll(s => Math.Round(s.TotalMilliseconds)));
    }

    [Fact]
    public async Task Tokens_refill_with_time_up_to_the_burst()
    {
        var limiter = Create(qps: 10, burst: 3);
        for (int i = 0; i < 3; i++) await limiter.WaitAsync(CancellationToken.None);
        _now += TimeSpan.FromSeconds(10);
        for (int i = 0; i < 3; i++) await limiter.WaitAsync(CancellationToken.None);
        Assert.Empty(_sleeps);
        Assert.False(limiter.TryAcquire());
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_token_back()
    {
        var limiter = Create(qps: 1, burst: 1);
        await limiter.WaitAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await limiter.WaitAsync(cts.Token));
        _now += TimeSpan.FromSeconds(1);
        Assert.True(limiter.TryAcquire());
    }

    [Fact]
    public async Task Real_clock_limits_throughput()
    {
        var limiter = new TokenBucketRateLimiter(qps: 50, burst: 1);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 6; i++) await limiter.WaitAsync(CancellationToken.None);
        // 5 waits of 20 ms each at least; the bound is a behaviour check, not a speed target.
        Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(90), $"took {sw.Elapsed}");
    }
}
