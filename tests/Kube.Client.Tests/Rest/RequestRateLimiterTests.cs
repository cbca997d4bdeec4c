using System.Threading.Tasks;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Rest;

public class RequestRateLimiterTests
{
    [Fact]
    public async Task A_request_with_its_own_limiter_waits_on_it_instead_of_the_clients()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Ok("{}")));
        var clients = new CountingRateLimiter();
        var own = new CountingRateLimiter();
        rest.RateLimiter = clients;

        await rest.Get().AbsPath("/apis").WithRateLimiter(own).DoRawAsync();

        Assert.Equal(1, own.Waits);
        Assert.Equal(0, clients.Waits);
    }

    [Fact]
    public async Task A_request_may_opt_out_of_throttling()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Ok("{}")));
        var clients = new CountingRateLimiter();
        rest.RateLimiter = clients;

        await rest.Get().AbsPath("/apis").WithRateLimiter(null).DoRawAsync();

        Assert.Equal(0, clients.Waits);
    }

    [Fact]
    public async Task Without_its_own_limiter_a_request_waits_on_the_clients()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Ok("{}")));
        var clients = new CountingRateLimiter();
        rest.RateLimiter = clients;

        await rest.Get().AbsPath("/apis").DoRawAsync();

        Assert.Equal(1, clients.Waits);
    }
}
