using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Kube.Client.Transport;
using Xunit;

namespace Kube.Client.Tests.Rest;

public class TracingHandlerTests
{
    [Fact]
    public async Task Traces_show_headers_but_never_the_credentials()
    {
        var fake = new FakeHttpHandler().Respond(_ =>
        {
            var r = Responses.Ok("{}");
            r.Headers.TryAddWithoutValidation("Audit-Id", "abc");
            return r;
        });
        using var invoker = new HttpMessageInvoker(new TracingHandler(fake));
        var listener = new RecordingListener();
        using (RequestListenerScope.Push(listener))
        {
            var req = new HttpRequestMessage(HttpMethod.Get, "https://kube.test/api");
            req.Headers.TryAddWithoutValidation("Authorization", "Bearer s3cr3t-token-value");
            req.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic dXNlcjpwYXNz");
            (await invoker.SendAsync(req, default)).Dispose();
        }
        string all = string.Join("\n", listener.Traces);
        Assert.Contains("GET https://kube.test/api", all);
        Assert.Contains("Authorization: Bearer <redacted>", all);
        Assert.Contains("Proxy-Authorization: Basic <redacted>", all);
        Assert.Contains("Audit-Id: abc", all);
        Assert.DoesNotContain("s3cr3t", all);
        Assert.DoesNotContain("dXNlcjpwYXNz", all);
    }

    [Fact]
    public async Task Nothing_is_traced_when_the_listener_does_not_ask()
    {
        var fake = new FakeHttpHandler().Respond(_ => Responses.Ok("{}"));
        using var invoker = new HttpMessageInvoker(new TracingHandler(fake));
        var listener = new RecordingListener { TraceEnabled = false };
        using (RequestListenerScope.Push(listener))
            (await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://kube.test/api"), default)).Dispose();
        Assert.Empty(listener.Traces);
    }
}
