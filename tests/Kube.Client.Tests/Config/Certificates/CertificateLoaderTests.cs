using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kube.Client.Config;
using Kube.Client.Config.Certificates;
using Kube.Client.Tests.Support;
using Kube.Client.Transport;
using Xunit;

namespace Kube.Client.Tests.Config.Certificates;

public sealed class CertificateLoaderTests
{
    [Fact]
    public void Ca_bundle_yields_every_certificate_and_ignores_text_between_blocks()
    {
        var other = new TestPki("second CA");
        var bundle = "# cluster CA\n" + TestPki.Shared.CaPem + "\nsome comment\n" + other.CaPem;

        var certificates = CertificateLoader.LoadCertificates(TestPki.Bytes(bundle));

        Assert.Equal(2, certificates.Count);
        Assert.Equal(TestPki.Shared.Ca.Thumbprint, certificates[0].Thumbprint);
        Assert.Equal(other.Ca.Thumbprint, certificates[1].Thumbprint);
    }

    [Fact]
    public void Der_certificate_is_accepted()
    {
        var certificates = CertificateLoader.LoadCertificates(TestPki.Shared.Ca.RawData);

        Assert.Equal(TestPki.Shared.Ca.Thumbprint, Assert.Single(certificates).Thumbprint);
    }

    [Theory]
    [InlineData("hello", "no CERTIFICATE block found")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n", "the CERTIFICATE block at line 1 has no END line")]
    [InlineData("-----BEGIN CERTIFICATE-----\n***\n-----END CERTIFICATE-----\n", "the CERTIFICATE block at line 1 is not valid base64")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n", "the CERTIFICATE block at line 1 ends with \"-----END PRIVATE KEY-----\"")]
    public void Bad_pem_says_what_is_wrong(string pem, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CertificateLoader.LoadCertificates(Encoding.ASCII.GetBytes(pem)));

        Assert.StartsWith(expected, error.Message);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Client_certificate_gets_its_private_key(bool rsa, bool pkcs8)
    {
        var (certificate, key) = rsa ? TestPki.Shared.IssueClientRsa("u", pkcs8) : TestPki.Shared.IssueClientEc("u", pkcs8);

        using var loaded = CertificateLoader.LoadClientCertificate(TestPki.Bytes(certificate), TestPki.Bytes(key));

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal("CN=u" + (rsa ? ", O=system:masters" : ""), loaded.Subject);
    }

    [Fact]
    public void Ec_key_after_an_ec_parameters_block_is_found()
    {
        var (certificate, key) = TestPki.Shared.IssueClientEc("u", false);
        var withParameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + key;

        using var loaded = CertificateLoader.LoadClientCertificate(TestPki.Bytes(certificate), TestPki.Bytes(withParameters));

        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void Key_of_another_certificate_is_refused()
    {
        var (certificate, _) = TestPki.Shared.IssueClientRsa("a", false);
        var (_, otherKey) = TestPki.Shared.IssueClientRsa("b", false);
        var (_, ecKey) = TestPki.Shared.IssueClientEc("c", false);

        Assert.Equal("the private key does not belong to the certificate",
            Assert.Throws<FormatException>(() => CertificateLoader.LoadClientCertificate(TestPki.Bytes(certificate), TestPki.Bytes(otherKey))).Message);
        Assert.Equal("the key is an EC key but the certificate's key is not EC",
            Assert.Throws<FormatException>(() => CertificateLoader.LoadClientCertificate(TestPki.Bytes(certificate), TestPki.Bytes(ecKey))).Message);
    }

    [Fact]
    public void Encrypted_and_unsupported_keys_are_refused_clearly()
    {
        var (certificate, _) = TestPki.Shared.IssueClientRsa("a", false);
        using var rsa = RSA.Create(2048);
        var encrypted = rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000));
        var legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        // An Ed25519 PKCS#8 key: version 0, algorithm 1.3.101.112, 32-byte seed.
        var ed25519 = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOWgw5rIoAQnzmKyvVmzcBq7vMm9Ud1qMD0LdRY5Sk3n\n-----END PRIVATE KEY-----\n";

        Assert.Equal("the private key is encrypted; kubeconfig keys must be unencrypted",
            Assert.Throws<FormatException>(() => CertificateLoader.LoadClientCertificate(TestPki.Bytes(certificate), TestPki.Bytes(encrypted))).Message);
        Assert.Equal("the private key is encrypted; kubeconfig keys must be unencrypted",
            Assert.Throws<FormatException>(() => CertificateLoader.LoadClientCertificate(TestPki.Bytes(certificate), TestPki.Bytes(legacy))).Message);
        Assert.StartsWith("Ed25519 and Ed448 keys are not supported",
            Assert.Throws<FormatException>(() => CertificateLoader.LoadClientCertificate(TestPki.Bytes(certificate), TestPki.Bytes(ed25519))).Message);
        Assert.Equal("no PRIVATE KEY block found (found CERTIFICATE)",
            Assert.Throws<FormatException>(() => CertificateLoader.LoadClientCertificate(TestPki.Bytes(certificate), TestPki.Bytes(certificate))).Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reflection_path_used_on_netstandard_joins_certificate_and_key(bool rsa)
    {
        var (certificatePem, keyPem) = rsa ? TestPki.Shared.IssueClientRsa("r", true) : TestPki.Shared.IssueClientEc("r", true);
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using AsymmetricAlgorithm key = rsa ? RSA.Create() : ECDsa.Create();
        if (key is RSA r)
        {
            r.ImportFromPem(keyPem);
        }
        else
        {
            ((ECDsa)key).ImportFromPem(keyPem);
        }

        using var joined = CertificateLoader.CopyWithPrivateKeyByReflection(certificate, key);

        Assert.True(joined.HasPrivateKey);
    }

    [Fact]
    public void Transport_errors_name_the_source_and_field_and_no_key_material()
    {
        var (certificate, key) = TestPki.Shared.IssueClientRsa("a", false);
        var config = new RestConfig
        {
            Host = new Uri("https://k.example"),
            Source = "context \"c\" in /home/me/.kube/config",
            Tls = new TlsConfig { CertData = TestPki.Bytes(certificate), KeyData = Encoding.ASCII.GetBytes("-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n") },
        };

        var error = Assert.Throws<KubeconfigException>(() => HttpTransport.CreateHandler(config));
        Assert.StartsWith("context \"c\" in /home/me/.kube/config: client-certificate-data with client-key-data: the RSA PRIVATE KEY block is not a valid key", error.Message);
        Assert.DoesNotContain("MIIBOgIBAAJBAKj34", error.Message);

        config.Tls = new TlsConfig { CaFile = "/nonexistent/ca.crt" };
        var missing = Assert.Throws<KubeconfigException>(() => HttpTransport.CreateHandler(config));
        Assert.StartsWith("context \"c\" in /home/me/.kube/config: certificate-authority file /nonexistent/ca.crt cannot be read", missing.Message);

        config.Tls = new TlsConfig { CaData = Encoding.ASCII.GetBytes("garbage") };
        Assert.Equal("context \"c\" in /home/me/.kube/config: certificate-authority-data: no CERTIFICATE block found",
            Assert.Throws<KubeconfigException>(() => HttpTransport.CreateHandler(config)).Message);
    }
}
