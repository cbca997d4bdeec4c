using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Rest;
using Kube.Client.Transport;

namespace Kube.Client.IntegrationTests.Discovery;

/// <summary>Counts the requests that reach the real transport, by path.</summary>
public sealed class CountingHandler : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public CountingHandler(HttpMessageHandler inner) : base(inner)
    {
    }

    /// <summary>A RestClient for <paramref name="config"/> whose requests <paramref name="counter"/> counts.</summary>
    public static RestClient Client(RestConfig config, out CountingHandler counter)
    {
        counter = new CountingHandler(HttpTransport.CreateHandler(config));
        var copy = config.Clone();
        copy.Qps = 0;
        return new RestClient(copy, counter);
    }

    public int Count(string path) => _counts.TryGetValue(path, out var n) ? n : 0;

    public int Total => _counts.Values.Sum();

    public void Reset() => _counts.Clear();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _counts.AddOrUpdate(request.RequestUri!.AbsolutePath, 1, (_, n) => n + 1);
        return base.SendAsync(request, cancellationToken);
    }
}
