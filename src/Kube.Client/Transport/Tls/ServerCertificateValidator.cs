using System;
using System.Globalization;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kube.Client.Transport.Tls;

/// <summary>
/// Verifies the API server's certificate as client-go does: against the cluster's CA bundle only
/// when one is configured (every certificate in it is a trust anchor), else against the system's
/// roots; then the host name (tls-server-name when set) against the certificate's SANs.
/// Revocation is not checked, as in Go.
/// </summary>
internal sealed class ServerCertificateValidator
{
    private readonly X509Certificate2Collection? _roots;
    private readonly bool _insecure;
    private volatile string? _lastFailure;

    public ServerCertificateValidator(X509Certificate2Collection? roots, string expectedName, bool insecure)
    {
        _roots = roots is { Count: > 0 } ? roots : null;
        ExpectedName = expectedName;
        _insecure = insecure;
    }

    public string ExpectedName { get; }

    /// <summary>Why the last rejected handshake was rejected, for the transport's error message.</summary>
    public string? LastFailure => _lastFailure;

    public bool Validate(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (_insecure)
        {
            return true;
        }
        var failure = Check(certificate, presented, errors);
        if (failure is not null)
        {
            _lastFailure = failure;
            return false;
        }
        return true;
    }

    private string? Check(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return "the server presented no certificate";
        }
        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var now = DateTime.Now;
        if (now < leaf.NotBefore || now > leaf.NotAfter)
        {
            return string.Format(CultureInfo.InvariantCulture,
                "the server certificate ({0}) is not valid now: it is valid from {1:u} to {2:u}",
                leaf.Subject, leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime());
        }

        string? trustFailure;
        if (_roots is null)
        {
            trustFailure = (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
                ? null
                : $"the server certificate ({leaf.Subject}) is not trusted by this system's roots and the cluster sets no certificate-authority";
        }
        else
        {
            trustFailure = ChainsToRoots(leaf, presented) ? null
                : $"x509: certificate signed by unknown authority: the server certificate ({leaf.Subject}, issued by {leaf.Issuer}) does not chain to the cluster's certificate-authority";
        }
        if (trustFailure is not null)
        {
            return trustFailure;
        }

        if (!HostnameVerifier.Matches(leaf, ExpectedName, out var validFor))
        {
            return validFor.Count == 0
                ? $"the server certificate is not valid for \"{ExpectedName}\": it has no subject alternative names"
                : $"the server certificate is not valid for \"{ExpectedName}\", only for {string.Join(", ", validFor)} (set tls-server-name in the cluster to one of these if the address differs)";
        }
        return null;
    }

    private bool ChainsToRoots(X509Certificate2 leaf, X509Chain? presented)
    {
#if NET8_0_OR_GREATER
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_roots!);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            AddIntermediates(chain, presented);
            if (chain.Build(leaf))
            {
                return true;
            }
        }
#endif
        // A CA bundle may hold an intermediate as its anchor, which Go accepts.
        return ChainsToAnyBundleCertificate(leaf, presented, _roots!);
    }

    /// <summary>
    /// The check used on netstandard2.0 (no CustomRootTrust): build the chain with the bundle as
    /// extra certificates, accept an unknown root, then require one element of the chain to be a
    /// bundle certificate and no other chain error.
    /// </summary>
    internal static bool ChainsToAnyBundleCertificate(X509Certificate2 leaf, X509Chain? presented, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        chain.ChainPolicy.ExtraStore.AddRange(roots);
        AddIntermediates(chain, presented);
        chain.Build(leaf);

        var tolerated = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NoError;
        var anchored = false;
        foreach (var element in chain.ChainElements)
        {
            if (roots.Cast<X509Certificate2>().Any(root => root.RawData.SequenceEqual(element.Certificate.RawData)))
            {
                anchored = true;
                break;
            }
            if (element.ChainElementStatus.Any(s => (s.Status & ~tolerated) != 0))
            {
                return false;
            }
        }
        return anchored;
    }

    private static void AddIntermediates(X509Chain chain, X509Chain? presented)
    {
        if (presented is null)
        {
            return;
        }
        foreach (var element in presented.ChainElements)
        {
            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
    }
}
