using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Transport.Auth;
using Kube.Client.Transport.Tls;

namespace Kube.Client.Transport.Exec;

/// <summary>
/// Authenticates with an exec plugin's credential. A token goes in the Authorization header; a
/// client certificate needs its own connections, so each distinct certificate gets its own
/// inner handler (connection pool) from the factory. On a 401 the credential is dropped, the
/// plugin runs again once, and a replayable request is sent once more with the new credential.
/// </summary>
internal sealed class ExecCredentialHandler : HttpMessageHandler
{
    private readonly ExecCredentialProvider _provider;
    private readonly CertificateHandlerPool _pool;
    private readonly X509Certificate2? _configuredCertificate;

    public ExecCredentialHandler(ExecCredentialProvider provider, Func<X509Certificate2?, HttpMessageHandler> createInner,
        X509Certificate2? configuredCertificate)
    {
        _provider = provider;
        _pool = new CertificateHandlerPool(createInner);
        _configuredCertificate = configuredCertificate;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not null)
        {
            return await _pool.Get(_configuredCertificate).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        var credential = await _provider.GetAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendWith(credential, request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        _provider.Invalidate(credential);
        if (!RequestReplay.CanResend(request))
        {
            return response;
        }
        var fresh = await _provider.GetAsync(cancellationToken).ConfigureAwait(false);
        if (ReferenceEquals(fresh, credential))
        {
            return response;
        }
        response.Dispose();
        return await SendWith(fresh, request, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SendWith(ExecCredential credential, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = credential.Token is null ? null : new AuthenticationHeaderValue("Bearer", credential.Token);
        return _pool.Get(credential.ClientCertificate ?? _configuredCertificate).SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pool.Dispose();
        }
        base.Dispose(disposing);
    }
}
