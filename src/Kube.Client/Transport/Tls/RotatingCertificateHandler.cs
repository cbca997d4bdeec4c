using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Tls;

/// <summary>Sends each request over the connection pool of the current certificate of a <see cref="ClientCertificateFileSource"/>.</summary>
internal sealed class RotatingCertificateHandler : HttpMessageHandler
{
    private readonly ClientCertificateFileSource _source;
    private readonly CertificateHandlerPool _pool;

    public RotatingCertificateHandler(ClientCertificateFileSource source, CertificateHandlerPool pool)
    {
        _source = source;
        _pool = pool;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _pool.Get(_source.Current).SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pool.Dispose();
        }
        base.Dispose(disposing);
    }
}
