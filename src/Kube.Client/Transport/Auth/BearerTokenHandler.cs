using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Auth;

/// <summary>Sends a fixed bearer token, unless the request already carries an Authorization header.</summary>
internal sealed class BearerTokenHandler : DelegatingHandler
{
    private readonly string _token;

    public BearerTokenHandler(string token, HttpMessageHandler inner) : base(inner) => _token = token;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", _token);
        return base.SendAsync(request, cancellationToken);
    }
}
