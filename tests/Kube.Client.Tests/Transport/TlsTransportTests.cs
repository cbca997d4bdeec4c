using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Tests.Support;
using Kube.Client.Transport;
using Xunit;

namespace Kube.Client.Tests.Transport;

public sealed class TlsTransportTests : IDisposable
{
    private static readonly Lazy<System.Security.Cryptography.X509Certificates.X509Certificate2> LoopbackCertificate =
        new(() => TestPki.Shared.IssueServer(new[] { "localhost" }, new[] { IPAddress.Loopback }));
    private static readonly Lazy<System.Security.Cryptography.X509Certificates.X509Certificate2> NamedOnlyCertificate =
        new(() => TestPki.Shared.IssueServer(new[] { "kube.test", "*.apps.kube.test" }, Array.Empty<IPAddress>()));

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RestConfig ConfigFor(TlsTestServer server) => new()
    {
        Host = server.Url,
        Source = "context \"test\" in /tmp/test-config",
        Tls = new TlsConfig { CaData = TestPki.Bytes(TestPki.Shared.CaPem) },
    };

    private static async Task<HttpResponseMessage> Get(RestConfig config, List<string>? warnings = null, string path = "/api")
    {
        using var client = new HttpClient(HttpTransport.CreateHandler(config, warnings is null ? null : warnings.Add));
        return await client.GetAsync(new Uri(config.Host, path));
    }

    [Fact]
    public async Task Server_signed_by_the_configured_ca_is_trusted_from_data_and_from_file()
    {
        await using var server = new TlsTestServer(LoopbackCertificate.Value);
        var config = ConfigFor(server);

        Assert.Equal(HttpStatusCode.OK, (await Get(config)).StatusCode);

        config.Tls = new TlsConfig { CaFile = _dir.Write("ca.crt", TestPki.Shared.CaPem) };
        Assert.Equal(HttpStatusCode.OK, (await Get(config)).StatusCode);
    }

    [Fact]
    public async Task A_ca_bundle_with_several_certificates_is_accepted()
    {
        await using var server = new TlsTestServer(LoopbackCertificate.Value);
        var config = ConfigFor(server);
        var other = new TestPki("another CA");
        config.Tls.CaData = TestPki.Bytes(other.CaPem + TestPki.Shared.CaPem);

        Assert.Equal(HttpStatusCode.OK, (await Get(config)).StatusCode);
    }

    [Fact]
    public async Task Server_of_another_ca_is_rejected_with_a_clear_message()
    {
        await using var server = new TlsTestServer(LoopbackCertificate.Value);
        var config = ConfigFor(server);
        config.Tls.CaData = TestPki.Bytes(new TestPki("unrelated CA").CaPem);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Get(config));

        Assert.Contains($"TLS handshake with {server.Url.GetLeftPart(UriPartial.Authority)} failed (context \"test\" in /tmp/test-config)", error.Message);
        Assert.Contains("certificate signed by unknown authority", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Host_name_must_match_the_certificate_and_tls_server_name_is_used_for_check_and_sni()
    {
        await using var server = new TlsTestServer(NamedOnlyCertificate.Value);
        var config = ConfigFor(server);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Get(config));
        Assert.Contains("the server certificate is not valid for \"127.0.0.1\", only for kube.test, *.apps.kube.test", error.Message);

        config.Tls.ServerName = "kube.test";
        Assert.Equal(HttpStatusCode.OK, (await Get(config)).StatusCode);
        Assert.Equal("kube.test", server.Requests.Last().ServerName);

        config.Tls.ServerName = "x.apps.kube.test";
        Assert.Equal(HttpStatusCode.OK, (await Get(config)).StatusCode);

        config.Tls.ServerName = "a.b.apps.kube.test";
        await Assert.ThrowsAsync<HttpRequestException>(() => Get(config));
    }

    [Fact]
    public async Task Insecure_skips_verification_and_warns_only_then()
    {
        await using var server = new TlsTestServer(NamedOnlyCertificate.Value);
        var warnings = new List<string>();
        var config = new RestConfig { Host = server.Url, Source = "context \"x\" in /k", Tls = new TlsConfig { Insecure = true } };

        Assert.Equal(HttpStatusCode.OK, (await Get(config, warnings)).StatusCode);
        var warning = Assert.Single(warnings);
        Assert.Contains("TLS certificate verification is disabled", warning);
        Assert.Contains("context \"x\" in /k", warning);

        warnings.Clear();
        config.Tls = new TlsConfig { CaData = TestPki.Bytes(TestPki.Shared.CaPem), ServerName = "kube.test" };
        await Get(config, warnings);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task Expired_server_certificate_is_rejected()
    {
        var expired = TestPki.Shared.IssueServer(new[] { "localhost" }, new[] { IPAddress.Loopback }, DateTimeOffset.UtcNow.AddDays(-1));
        await using var server = new TlsTestServer(expired);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Get(ConfigFor(server)));

        Assert.Contains("is not valid now", error.Message);
    }

    public static IEnumerable<object[]> ClientKeys() => new[]
    {
        new object[] { "rsa-pkcs1", false },
        new object[] { "rsa-pkcs8", true },
        new object[] { "ec-sec1", false },
        new object[] { "ec-pkcs8", true },
    };

    [Theory]
    [MemberData(nameof(ClientKeys))]
    public async Task Client_certificate_is_presented_from_data_and_from_files(string kind, bool pkcs8)
    {
        await using var server = new TlsTestServer(LoopbackCertificate.Value);
        var (certificate, key) = kind.StartsWith("rsa")
            ? TestPki.Shared.IssueClientRsa("user-" + kind, pkcs8)
            : TestPki.Shared.IssueClientEc("user-" + kind, pkcs8);
        var config = ConfigFor(server);
        config.Tls.CertData = TestPki.Bytes(certificate);
        config.Tls.KeyData = TestPki.Bytes(key);

        await Get(config);
        Assert.StartsWith("CN=user-" + kind, server.Requests.Last().ClientCertificateSubject);

        config.Tls.CertData = null;
        config.Tls.KeyData = null;
        config.Tls.CertFile = _dir.Write(kind + ".crt", certificate);
        config.Tls.KeyFile = _dir.Write(kind + ".key", key);
        await Get(config);
        Assert.Equal(2, server.Requests.Count(r => r.ClientCertificateSubject?.StartsWith("CN=user-" + kind) == true));
    }

    [Fact]
    public async Task Renewed_certificate_files_are_picked_up_on_new_connections()
    {
        await using var server = new TlsTestServer(LoopbackCertificate.Value);
        var (firstCertificate, firstKey) = TestPki.Shared.IssueClientEc("before-renewal", false);
        var (secondCertificate, secondKey) = TestPki.Shared.IssueClientRsa("after-renewal", true);
        var config = ConfigFor(server);
        config.Tls.CertFile = _dir.Write("client.crt", firstCertificate);
        config.Tls.KeyFile = _dir.Write("client.key", firstKey);
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        (await client.GetAsync(new Uri(server.Url, "/one"))).Dispose();
        // A half-done renewal (new certificate, old key) keeps the old pair in use.
        _dir.Write("client.crt", secondCertificate);
        await Task.Delay(1100);
        (await client.GetAsync(new Uri(server.Url, "/two"))).Dispose();
        _dir.Write("client.key", secondKey);
        await Task.Delay(1100);
        (await client.GetAsync(new Uri(server.Url, "/three"))).Dispose();

        Assert.Equal(new[] { "CN=before-renewal", "CN=before-renewal", "CN=after-renewal, O=system:masters" },
            server.Requests.Select(r => r.ClientCertificateSubject));
    }

    [Fact]
    public async Task Ec_p384_key_works()
    {
        await using var server = new TlsTestServer(LoopbackCertificate.Value);
        var (certificate, key) = TestPki.Shared.IssueClientEc("p384", false, System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var config = ConfigFor(server);
        config.Tls.CertData = TestPki.Bytes(certificate);
        config.Tls.KeyData = TestPki.Bytes(key);

        await Get(config);

        Assert.Equal("CN=p384", server.Requests.Last().ClientCertificateSubject);
    }

    [Fact]
    public async Task No_client_certificate_when_none_is_configured()
    {
        await using var server = new TlsTestServer(LoopbackCertificate.Value);

        await Get(ConfigFor(server));

        Assert.Null(server.Requests.Last().ClientCertificateSubject);
    }

    [Fact]
    public async Task Connections_are_reused()
    {
        await using var server = new TlsTestServer(LoopbackCertificate.Value);
        var config = ConfigFor(server);
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(new Uri(config.Host, "/api"))).Dispose();
        }

        Assert.Equal(3, server.Requests.Count);
        Assert.Single(server.Requests.Select(r => r.ServerName).Distinct());
    }
}
