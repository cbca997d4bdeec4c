using System;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Retry;
using Xunit;

namespace Kube.Client.Tests.Retry;

public class ConflictRetryTests
{
    private static KubeApiException Error(int code, string reason) => new(new Status { Code = code, Reason = reason, Message = reason });

    [Fact]
    public async Task Conflicts_are_retried_until_the_update_wins()
    {
        int calls = 0;
        var result = await ConflictRetry.RetryOnConflictAsync(ct =>
        {
            calls++;
            if (calls < 3) throw Error(409, "Conflict");
            return Task.FromResult("updated");
        });
        Assert.Equal("updated", result);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task The_last_conflict_is_thrown_after_the_steps_run_out()
    {
        int calls = 0;
        var e = await Assert.ThrowsAsync<KubeApiException>(() => ConflictRetry.RetryOnConflictAsync(ct => { calls++; throw Error(409, "Conflict"); }, new Backoff(TimeSpan.Zero, steps: 4)));
        Assert.True(e.IsConflict);
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        int calls = 0;
        await Assert.ThrowsAsync<KubeApiException>(() => ConflictRetry.RetryOnConflictAsync(ct => { calls++; throw Error(404, "NotFound"); }));
        Assert.Equal(1, calls);
    }
}
