using System;
using System.Linq;
using Kube.Client.Tests.Fakes;
using Kube.Client.WorkQueue;
using Xunit;

namespace Kube.Client.Tests.WorkQueue;

public class RateLimiterTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Exponential_backoff_doubles_per_failure_of_an_item()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(Ms(5), TimeSpan.FromSeconds(1000));

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("x")).ToArray();

        Assert.Equal(new[] { Ms(5), Ms(10), Ms(20), Ms(40), Ms(80) }, delays);
        Assert.Equal(5, limiter.NumRequeues("x"));
    }

    [Fact]
    public void Exponential_backoff_is_counted_per_item()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(Ms(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");

        Assert.Equal(Ms(5), limiter.When("b"));
        Assert.Equal(2, limiter.NumRequeues("a"));
        Assert.Equal(1, limiter.NumRequeues("b"));
        Assert.Equal(0, limiter.NumRequeues("c"));
    }

    [Fact]
    public void Exponential_backoff_stops_at_the_cap_even_after_very_many_failures()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        var delays = Enumerable.Range(0, 6).Select(_ => limiter.When("x").TotalSeconds).ToArray();
        for (int i = 0; i < 5_000; i++) limiter.When("x");

        Assert.Equal(new double[] { 1, 2, 4, 8, 10, 10 }, delays);
        Assert.Equal(TimeSpan.FromSeconds(10), limiter.When("x"));
    }

    [Fact]
    public void Forget_starts_the_backoff_of_an_item_over()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(Ms(5), TimeSpan.FromSeconds(1000));
        limiter.When("x");
        limiter.When("x");

        limiter.Forget("x");

        Assert.Equal(0, limiter.NumRequeues("x"));
        Assert.Equal(Ms(5), limiter.When("x"));
    }

    [Fact]
    public void Exponential_backoff_refuses_a_cap_below_its_base()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Equal("maxDelay", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemExponentialFailureRateLimiter<string>(Ms(-1), Ms(1)));
    }

    [Fact]
    public void Fast_slow_retries_fast_for_the_first_attempts_then_slow()
    {
        var limiter = new ItemFastSlowRateLimiter<string>(Ms(10), TimeSpan.FromSeconds(5), maxFastAttempts: 3);

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("x")).ToArray();

        Assert.Equal(new[] { Ms(10), Ms(10), Ms(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) }, delays);
        Assert.Equal(5, limiter.NumRequeues("x"));
        limiter.Forget("x");
        Assert.Equal(Ms(10), limiter.When("x"));
    }

    [Fact]
    public void The_bucket_lets_a_burst_through_then_spaces_retries_by_its_rate()
    {
        var clock = new FakeClock();
        var limiter = new BucketRateLimiter<string>(qps: 10, burst: 100, clock);

        var burst = Enumerable.Range(0, 100).Select(i => limiter.When("item-" + i)).ToArray();
        var after = Enumerable.Range(0, 3).Select(i => limiter.When("more-" + i)).ToArray();

        Assert.All(burst, d => Assert.Equal(TimeSpan.Zero, d));
        Assert.Equal(new[] { Ms(100), Ms(200), Ms(300) }, after);
        Assert.Equal(0, limiter.NumRequeues("item-0"));
    }

    [Fact]
    public void The_bucket_refills_with_time()
    {
        var clock = new FakeClock();
        var limiter = new BucketRateLimiter<string>(qps: 10, burst: 2, clock);
        limiter.When("a");
        limiter.When("b");
        Assert.Equal(Ms(100), limiter.When("c"));

        clock.Advance(TimeSpan.FromSeconds(1));

        // 10 tokens came, one paid the reservation above, and the bucket holds at most 2.
        Assert.Equal(TimeSpan.Zero, limiter.When("d"));
        Assert.Equal(TimeSpan.Zero, limiter.When("e"));
        Assert.Equal(Ms(100), limiter.When("f"));
    }

    [Fact]
    public void Max_of_waits_for_the_longest_and_forgets_in_all()
    {
        var slow = new ItemFastSlowRateLimiter<string>(Ms(1), TimeSpan.FromSeconds(3), maxFastAttempts: 1);
        var exponential = new ItemExponentialFailureRateLimiter<string>(Ms(100), TimeSpan.FromSeconds(60));
        var limiter = new MaxOfRateLimiter<string>(slow, exponential);

        Assert.Equal(Ms(100), limiter.When("x"));
        Assert.Equal(TimeSpan.FromSeconds(3), limiter.When("x"));
        Assert.Equal(2, limiter.NumRequeues("x"));

        limiter.Forget("x");

        Assert.Equal(0, slow.NumRequeues("x"));
        Assert.Equal(0, exponential.NumRequeues("x"));
    }

    [Fact]
    public void The_default_controller_limiter_backs_off_per_item_until_the_bucket_runs_dry()
    {
        var clock = new FakeClock();
        var limiter = WorkQueueRateLimiters.DefaultController<string>(clock);

        Assert.Equal(Ms(5), limiter.When("x"));
        Assert.Equal(Ms(10), limiter.When("x"));
        for (int i = 0; i < 98; i++) limiter.When("item-" + i);

        // The bucket's 100 tokens are spent: a first failure now waits for the bucket, not 5 ms.
        Assert.Equal(Ms(100), limiter.When("fresh"));
        Assert.Equal(1, limiter.NumRequeues("fresh"));
    }

    [Fact]
    public void The_default_controller_limiter_has_client_go_settings()
    {
        var limiter = Assert.IsType<MaxOfRateLimiter<string>>(WorkQueueRateLimiters.DefaultController<string>());

        var exponential = Assert.IsType<ItemExponentialFailureRateLimiter<string>>(limiter.Limiters[0]);
        var bucket = Assert.IsType<BucketRateLimiter<string>>(limiter.Limiters[1]);
        Assert.Equal((Ms(5), TimeSpan.FromSeconds(1000)), (exponential.BaseDelay, exponential.MaxDelay));
        Assert.Equal((10f, 100), (bucket.Qps, bucket.Burst));
    }
}
