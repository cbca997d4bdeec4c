using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Auth;

/// <summary>
/// Sends the token of a <see cref="TokenFileSource"/>. On a 401 it re-reads the file at once and,
/// when the token changed and the request can be replayed, sends the request once more.
/// </summary>
internal sealed class TokenFileHandler : DelegatingHandler
{
    private readonly TokenFileSource _source;

    public TokenFileHandler(TokenFileSource source, HttpMessageHandler inner) : base(inner) => _source = source;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        var token = await _source.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        _source.Invalidate();
        var fresh = await _source.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        if (fresh == token || !RequestReplay.CanResend(request))
        {
            return response;
        }
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
