using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Tls;

/// <summary>
/// Makes the TLS handshake use tls-server-name for SNI. SocketsHttpHandler ignores
/// SslOptions.TargetHost and takes the SNI name from the Host header, so the header is set to
/// the server name (with the port); the API server does not route on Host, so this is the one
/// visible difference from client-go, which leaves the Host header alone.
/// </summary>
internal sealed class ServerNameHandler : DelegatingHandler
{
    private readonly string _serverName;

    public ServerNameHandler(string serverName, HttpMessageHandler inner) : base(inner) => _serverName = serverName;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Host is null && request.RequestUri is { } uri)
        {
            request.Headers.Host = uri.IsDefaultPort ? _serverName : _serverName + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
