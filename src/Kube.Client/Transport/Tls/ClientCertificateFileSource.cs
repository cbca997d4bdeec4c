using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using Kube.Client.Config.Certificates;

namespace Kube.Client.Transport.Tls;

/// <summary>
/// A client certificate and key kept in files that something renews (kubeadm, cert-manager...),
/// as client-go reloads them. At most once per <see cref="CheckInterval"/> the files' times and
/// sizes are compared; when they changed, the pair is loaded again. A pair caught half-written
/// (the key not yet matching) keeps the previous certificate until the next check.
/// </summary>
internal sealed class ClientCertificateFileSource
{
    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly object _lock = new();
    private X509Certificate2 _current;
    private (DateTime, long, DateTime, long) _stamp;
    private DateTime _checkedAt;

    public ClientCertificateFileSource(string certificateFile, string keyFile, X509Certificate2 initial)
    {
        _certificateFile = certificateFile;
        _keyFile = keyFile;
        _current = initial;
        _stamp = Stamp();
        _checkedAt = DateTime.UtcNow;
    }

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    public X509Certificate2 Current
    {
        get
        {
            lock (_lock)
            {
                var now = DateTime.UtcNow;
                if (now - _checkedAt < CheckInterval)
                {
                    return _current;
                }
                _checkedAt = now;
                var stamp = Stamp();
                if (stamp == _stamp)
                {
                    return _current;
                }
                try
                {
                    _current = CertificateLoader.LoadClientCertificate(File.ReadAllBytes(_certificateFile), File.ReadAllBytes(_keyFile));
                    _stamp = stamp;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
                {
                    // Keep the certificate that works; the next check tries again.
                }
                return _current;
            }
        }
    }

    private (DateTime, long, DateTime, long) Stamp()
    {
        var certificate = new FileInfo(_certificateFile);
        var key = new FileInfo(_keyFile);
        return (certificate.Exists ? certificate.LastWriteTimeUtc : default, certificate.Exists ? certificate.Length : -1,
                key.Exists ? key.LastWriteTimeUtc : default, key.Exists ? key.Length : -1);
    }
}
