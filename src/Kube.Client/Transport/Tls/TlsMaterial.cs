using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using Kube.Client.Config;
using Kube.Client.Config.Certificates;

namespace Kube.Client.Transport.Tls;

/// <summary>The CA bundle and client certificate of a <see cref="RestConfig"/>, read and parsed once.</summary>
internal sealed class TlsMaterial
{
    private TlsMaterial(X509Certificate2Collection? roots, X509Certificate2? clientCertificate)
    {
        Roots = roots;
        ClientCertificate = clientCertificate;
    }

    public X509Certificate2Collection? Roots { get; }
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Set when the client certificate and key both come from files, which may be renewed.</summary>
    public ClientCertificateFileSource? ClientCertificateFiles { get; private set; }

    /// <exception cref="KubeconfigException">Naming the config's source and the field at fault.</exception>
    public static TlsMaterial Load(RestConfig config)
    {
        var tls = config.Tls;
        var source = config.Source ?? config.Host.ToString();
        X509Certificate2Collection? roots = null;
        if (tls.HasCa)
        {
            var (data, what) = Read(tls.CaData, tls.CaFile, "certificate-authority", source);
            roots = Parse(() => CertificateLoader.LoadCertificates(data), what, source);
        }
        X509Certificate2? clientCertificate = null;
        if (tls.HasClientCertificate)
        {
            var (certificate, certificateWhat) = Read(tls.CertData, tls.CertFile, "client-certificate", source);
            var (key, keyWhat) = Read(tls.KeyData, tls.KeyFile, "client-key", source);
            clientCertificate = Parse(() => CertificateLoader.LoadClientCertificate(certificate, key), certificateWhat + " with " + keyWhat, source);
        }
        var material = new TlsMaterial(roots, clientCertificate);
        if (clientCertificate is not null && tls.CertData is not { Length: > 0 } && tls.KeyData is not { Length: > 0 })
        {
            material.ClientCertificateFiles = new ClientCertificateFileSource(tls.CertFile!, tls.KeyFile!, clientCertificate);
        }
        return material;
    }

    private static (byte[] Data, string What) Read(byte[]? data, string? file, string field, string source)
    {
        if (data is { Length: > 0 })
        {
            return (data, field + "-data");
        }
        try
        {
            return (File.ReadAllBytes(file!), $"{field} file {file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigException($"{source}: {field} file {file} cannot be read: {e.Message}", null, field, null, null, e);
        }
    }

    private static T Parse<T>(Func<T> parse, string what, string source)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or PlatformNotSupportedException or System.Security.Cryptography.CryptographicException)
        {
            throw new KubeconfigException($"{source}: {what}: {e.Message}", null, null, null, null, e);
        }
    }
}
