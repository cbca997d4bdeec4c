using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport;

/// <summary>Sets the User-Agent on requests that carry none.</summary>
internal sealed class UserAgentHandler : DelegatingHandler
{
    private readonly string _userAgent;

    public UserAgentHandler(string userAgent, HttpMessageHandler inner) : base(inner) => _userAgent = userAgent;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
