using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.IntegrationTests.Support;

/// <summary>Records the media types each request sent and got back, to see which wire form was really spoken.</summary>
public sealed class WireRecorder : DelegatingHandler
{
    private readonly List<Exchange> _exchanges = new();

    public WireRecorder(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public sealed record Exchange(string Method, string Path, string Accept, string? RequestType, string? ResponseType, int Status);

    public IReadOnlyList<Exchange> Exchanges
    {
        get
        {
            lock (_exchanges) return _exchanges.ToList();
        }
    }

    public Exchange Last(string method, string pathEnd) =>
        Exchanges.Last(e => e.Method == method && e.Path.EndsWith(pathEnd, System.StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        lock (_exchanges)
        {
            _exchanges.Add(new Exchange(
                request.Method.Method,
                request.RequestUri!.AbsolutePath,
                request.Headers.Accept.ToString(),
                request.Content?.Headers.ContentType?.MediaType,
                response.Content.Headers.ContentType?.MediaType,
                (int)response.StatusCode));
        }
        return response;
    }
}
