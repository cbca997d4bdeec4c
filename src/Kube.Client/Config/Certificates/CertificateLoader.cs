using System;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kube.Client.Config.Certificates;

/// <summary>
/// Builds X.509 objects from kubeconfig PEM: CA bundles (any number of certificates) and a client
/// certificate joined to its RSA or ECDSA key, on netstandard2.0 and net8.0 alike.
/// </summary>
internal static class CertificateLoader
{
    /// <summary>Every certificate of a PEM bundle (or a single DER certificate).</summary>
    /// <exception cref="FormatException">No certificate, or one that cannot be parsed.</exception>
    public static X509Certificate2Collection LoadCertificates(byte[] data)
    {
        var result = new X509Certificate2Collection();
        if (!PemReader.LooksLikePem(data))
        {
            // DER starts with a SEQUENCE tag; anything else is neither PEM nor DER.
            if (data.Length == 0 || data[0] != 0x30)
            {
                throw new FormatException("no CERTIFICATE block found");
            }
            result.Add(ParseCertificate(data, "the DER certificate"));
            return result;
        }
        foreach (var block in PemReader.ReadAll(data).Where(b => b.Label == "CERTIFICATE"))
        {
            result.Add(ParseCertificate(block.Data, block.ToString()));
        }
        if (result.Count == 0)
        {
            throw new FormatException("no CERTIFICATE block found");
        }
        return result;
    }

    /// <summary>
    /// The client certificate (the first CERTIFICATE block) with its private key, ready for
    /// SslStream: the key must match the certificate.
    /// </summary>
    /// <exception cref="FormatException">Bad PEM, an unsupported key, or a key of another certificate.</exception>
    public static X509Certificate2 LoadClientCertificate(byte[] certificatePem, byte[] keyPem)
    {
        var certificate = LoadCertificates(certificatePem)[0];
        var keyBlocks = PemReader.LooksLikePem(keyPem) ? PemReader.ReadAll(keyPem) : throw new FormatException("the key is not PEM text");
        // openssl ecparam -genkey writes an EC PARAMETERS block before the key.
        var keyBlock = keyBlocks.FirstOrDefault(b => b.Label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            ?? throw new FormatException(keyBlocks.Count == 0
                ? "no PRIVATE KEY block found"
                : $"no PRIVATE KEY block found (found {string.Join(", ", keyBlocks.Select(b => b.Label))})");
        using var key = PrivateKeyDecoder.Decode(keyBlock);
        RequireMatch(certificate, key);
        return MakeUsableForTls(CopyWithPrivateKey(certificate, key));
    }

    /// <summary>Joins certificate and key: the extension methods where compiled in, reflection otherwise.</summary>
    public static X509Certificate2 CopyWithPrivateKey(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
#if NET8_0_OR_GREATER
        return key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
            _ => throw new FormatException($"keys of type {key.GetType().Name} are not supported"),
        };
#else
        return CopyWithPrivateKeyByReflection(certificate, key);
#endif
    }

    /// <summary>
    /// netstandard2.0 does not declare RSACertificateExtensions.CopyWithPrivateKey, but every
    /// runtime that loads this build has it: System.Core on .NET Framework 4.7.2+, the
    /// cryptography assemblies on .NET Core.
    /// </summary>
    internal static X509Certificate2 CopyWithPrivateKeyByReflection(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        var (typeName, parameterType) = key switch
        {
            RSA => ("System.Security.Cryptography.X509Certificates.RSACertificateExtensions", typeof(RSA)),
            ECDsa => ("System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions", typeof(ECDsa)),
            _ => throw new FormatException($"keys of type {key.GetType().Name} are not supported"),
        };
        var candidates = new[] { typeof(X509Certificate2).Assembly, typeof(RSA).Assembly, typeof(Enumerable).Assembly }
            .Concat(AppDomain.CurrentDomain.GetAssemblies());
        foreach (var assembly in candidates)
        {
            var method = assembly.GetType(typeName, throwOnError: false)?
                .GetMethod("CopyWithPrivateKey", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(X509Certificate2), parameterType }, null);
            if (method is not null)
            {
                try
                {
                    return (X509Certificate2)method.Invoke(null, new object[] { certificate, key })!;
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw new FormatException("the key cannot be joined to the certificate: " + e.InnerException.Message);
                }
            }
        }
        throw new PlatformNotSupportedException(
            "this .NET runtime cannot attach a private key to a certificate (needs .NET Framework 4.7.2 or later, or .NET)");
    }

    /// <summary>
    /// A key attached in memory is ephemeral, which SslStream rejects on Windows and which some
    /// Linux OpenSSL builds cannot use for client authentication; a PKCS#12 round trip gives a
    /// certificate whose key the platform's TLS stack accepts.
    /// </summary>
    internal static X509Certificate2 MakeUsableForTls(X509Certificate2 withKey)
    {
        var pfx = withKey.Export(X509ContentType.Pkcs12);
        withKey.Dispose();
        return new X509Certificate2(pfx, (string?)null, X509KeyStorageFlags.Exportable);
    }

    private static void RequireMatch(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        bool matches;
        switch (key)
        {
            case RSA rsa:
                using (var certificateKey = certificate.GetRSAPublicKey())
                {
                    if (certificateKey is null)
                    {
                        throw new FormatException("the key is an RSA key but the certificate's key is not RSA");
                    }
                    var a = certificateKey.ExportParameters(false);
                    var b = rsa.ExportParameters(false);
                    matches = a.Modulus!.SequenceEqual(b.Modulus!) && a.Exponent!.SequenceEqual(b.Exponent!);
                }
                break;
            case ECDsa ecdsa:
                using (var certificateKey = certificate.GetECDsaPublicKey())
                {
                    if (certificateKey is null)
                    {
                        throw new FormatException("the key is an EC key but the certificate's key is not EC");
                    }
                    var a = certificateKey.ExportParameters(false).Q;
                    var b = ecdsa.ExportParameters(false).Q;
                    matches = a.X!.SequenceEqual(b.X!) && a.Y!.SequenceEqual(b.Y!);
                }
                break;
            default:
                throw new FormatException($"keys of type {key.GetType().Name} are not supported");
        }
        if (!matches)
        {
            throw new FormatException("the private key does not belong to the certificate");
        }
    }

    private static X509Certificate2 ParseCertificate(byte[] der, string what)
    {
        try
        {
            return new X509Certificate2(der);
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"{what} is not a valid certificate: {e.Message}");
        }
    }
}
