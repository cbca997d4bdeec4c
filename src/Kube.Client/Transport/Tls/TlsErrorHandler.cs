using System;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Tls;

/// <summary>
/// Replaces the runtime's bare "the remote certificate was rejected" with the reason our
/// validator found (unknown authority, wrong host name, expired), naming the server.
/// </summary>
internal sealed class TlsErrorHandler : DelegatingHandler
{
    private readonly ServerCertificateValidator _validator;
    private readonly string _source;

    public TlsErrorHandler(ServerCertificateValidator validator, string source, HttpMessageHandler inner) : base(inner)
    {
        _validator = validator;
        _source = source;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (IsHandshakeRejection(e) && _validator.LastFailure is { } failure)
        {
            var authority = request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "the server";
            throw new HttpRequestException($"TLS handshake with {authority} failed ({_source}): {failure}", e);
        }
    }

    private static bool IsHandshakeRejection(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is AuthenticationException)
            {
                return true;
            }
        }
        return false;
    }
}
