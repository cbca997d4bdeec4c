using System;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Retry;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Rest;

public class RequestRetryPolicyTests
{
    [Fact]
    public async Task A_request_with_its_own_retry_policy_ignores_the_clients()
    {
        var handler = new FakeHttpHandler();
        for (int i = 0; i < 5; i++) handler.Respond(_ => Responses.Status(503, "ServiceUnavailable", "down"));
        var rest = TestRest.Create(handler, maxRetries: 4);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => rest.Get().AbsPath("/apis/x/v1")
            .WithRetryPolicy(new RetryPolicy(1, new Backoff(TimeSpan.FromMilliseconds(1), factor: 1, jitter: 0)))
            .DoRawAsync());

        Assert.True(e.IsServiceUnavailable);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Without_its_own_policy_a_request_retries_by_the_clients()
    {
        var handler = new FakeHttpHandler();
        for (int i = 0; i < 5; i++) handler.Respond(_ => Responses.Status(503, "ServiceUnavailable", "down"));
        var rest = TestRest.Create(handler, maxRetries: 4);

        await Assert.ThrowsAsync<KubeApiException>(() => rest.Get().AbsPath("/apis/x/v1").DoRawAsync());

        Assert.Equal(5, handler.Requests.Count);
    }
}
