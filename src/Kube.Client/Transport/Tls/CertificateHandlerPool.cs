using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;

namespace Kube.Client.Transport.Tls;

/// <summary>
/// One connection pool per client certificate: a TLS connection keeps the certificate it was
/// opened with, so a new certificate (rotated on disk, or from an exec plugin) needs new
/// connections. Pools of replaced certificates are left to close their idle connections and are
/// disposed with this object, so requests still running on them are not cut.
/// </summary>
internal sealed class CertificateHandlerPool : IDisposable
{
    private readonly Func<X509Certificate2?, HttpMessageHandler> _create;
    private readonly Dictionary<string, HttpMessageInvoker> _invokers = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public CertificateHandlerPool(Func<X509Certificate2?, HttpMessageHandler> create) => _create = create;

    public HttpMessageInvoker Get(X509Certificate2? certificate)
    {
        var key = certificate?.Thumbprint ?? "";
        lock (_lock)
        {
            if (!_invokers.TryGetValue(key, out var invoker))
            {
                invoker = new HttpMessageInvoker(_create(certificate), disposeHandler: true);
                _invokers[key] = invoker;
            }
            return invoker;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var invoker in _invokers.Values)
            {
                invoker.Dispose();
            }
            _invokers.Clear();
        }
    }
}
