using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Auth;

/// <summary>Sends HTTP basic credentials, unless the request already carries an Authorization header.</summary>
internal sealed class BasicAuthHandler : DelegatingHandler
{
    private readonly string _encoded;

    public BasicAuthHandler(string username, string password, HttpMessageHandler inner) : base(inner) =>
        _encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Basic", _encoded);
        return base.SendAsync(request, cancellationToken);
    }
}
