using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kube.Client.Tests.Support;

/// <summary>A throw-away certificate authority made at test time: no private key is committed.</summary>
public sealed class TestPki
{
    private static readonly Lazy<TestPki> SharedInstance = new(() => new TestPki("Kube.PowerShell test CA"));

    private readonly RSA _caKey;

    public TestPki(string caName)
    {
        _caKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + caName, _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-90), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>One CA for the whole test run (RSA key generation is slow).</summary>
    public static TestPki Shared => SharedInstance.Value;

    public X509Certificate2 Ca { get; }

    public string CaPem => Ca.ExportCertificatePem() + "\n";

    /// <summary>A server certificate with the given DNS names and IP addresses, ready for SslStream.</summary>
    public X509Certificate2 IssueServer(string[] dnsNames, IPAddress[] addresses, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }
        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var certificate = Issue(request, notAfter);
        return Usable(certificate.CopyWithPrivateKey(key));
    }

    public (string CertificatePem, string KeyPem) IssueClientRsa(string commonName, bool pkcs8)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, O=system:masters", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddClientUsage(request);
        var certificate = Issue(request, null);
        return (certificate.ExportCertificatePem() + "\n", pkcs8 ? key.ExportPkcs8PrivateKeyPem() : key.ExportRSAPrivateKeyPem());
    }

    public (string CertificatePem, string KeyPem) IssueClientEc(string commonName, bool pkcs8, ECCurve? curve = null)
    {
        using var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        AddClientUsage(request);
        var certificate = Issue(request, null);
        return (certificate.ExportCertificatePem() + "\n", pkcs8 ? key.ExportPkcs8PrivateKeyPem() : key.ExportECPrivateKeyPem());
    }

    public static byte[] Bytes(string pem) => Encoding.ASCII.GetBytes(pem);

    private static void AddClientUsage(CertificateRequest request) =>
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }, false));

    private X509Certificate2 Issue(CertificateRequest request, DateTimeOffset? notAfter)
    {
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        var end = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        var start = end < DateTimeOffset.UtcNow ? end.AddDays(-30) : DateTimeOffset.UtcNow.AddDays(-1);
        return request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1), start, end, serial);
    }

    private static X509Certificate2 Usable(X509Certificate2 withKey) =>
        X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
