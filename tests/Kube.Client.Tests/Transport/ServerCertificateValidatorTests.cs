using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kube.Client.Tests.Support;
using Kube.Client.Transport.Tls;
using Xunit;

namespace Kube.Client.Tests.Transport;

public sealed class ServerCertificateValidatorTests
{
    private static readonly Lazy<X509Certificate2> Server =
        new(() => TestPki.Shared.IssueServer(new[] { "kube.test", "*.apps.kube.test" }, new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }));

    [Theory]
    [InlineData("kube.test", true)]
    [InlineData("KUBE.test.", true)]
    [InlineData("x.apps.kube.test", true)]
    [InlineData("apps.kube.test", false)]
    [InlineData("a.b.apps.kube.test", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("evil-kube.test", false)]
    public void Host_names_match_subject_alternative_names_like_go(string host, bool expected)
    {
        Assert.Equal(expected, HostnameVerifier.Matches(Server.Value, host, out _));
    }

    [Fact]
    public void Manual_chain_check_used_on_netstandard_accepts_the_ca_and_rejects_others()
    {
        var roots = new X509Certificate2Collection(TestPki.Shared.Ca);
        var strangers = new X509Certificate2Collection(new TestPki("stranger").Ca);

        Assert.True(ServerCertificateValidator.ChainsToAnyBundleCertificate(Server.Value, null, roots));
        Assert.False(ServerCertificateValidator.ChainsToAnyBundleCertificate(Server.Value, null, strangers));
    }

    [Fact]
    public void An_intermediate_in_the_bundle_is_a_trust_anchor()
    {
        // root -> intermediate -> leaf, with only the intermediate in the bundle, as Go accepts.
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var intermediateKey = RSA.Create(2048);
        var intermediateRequest = new CertificateRequest("CN=intermediate", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var intermediate = intermediateRequest.Create(root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(20), new byte[] { 1, 2, 3 });
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=leaf", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("leaf.test");
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leaf = leafRequest.Create(intermediate.CopyWithPrivateKey(intermediateKey), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(10), new byte[] { 4, 5, 6 });

        var validator = new ServerCertificateValidator(new X509Certificate2Collection(intermediate), "leaf.test", insecure: false);

        Assert.True(validator.Validate(leaf, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(new ServerCertificateValidator(new X509Certificate2Collection(intermediate), "other.test", false)
            .Validate(leaf, null, System.Net.Security.SslPolicyErrors.None));
    }

    [Fact]
    public void Without_a_ca_the_systems_verdict_decides_trust_and_the_name_is_still_checked()
    {
        var validator = new ServerCertificateValidator(null, "kube.test", insecure: false);

        Assert.True(validator.Validate(Server.Value, null, System.Net.Security.SslPolicyErrors.None));
        Assert.False(validator.Validate(Server.Value, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("not trusted by this system's roots", validator.LastFailure);
        Assert.False(new ServerCertificateValidator(null, "other.test", false).Validate(Server.Value, null, System.Net.Security.SslPolicyErrors.None));
    }
}
