using System;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kube.Client.Config;

namespace Kube.Client.Tests.Support;

/// <summary>The loopback server certificate and a config that trusts it, shared by transport tests.</summary>
public static class TestServers
{
    private static readonly Lazy<X509Certificate2> Loopback =
        new(() => TestPki.Shared.IssueServer(new[] { "localhost" }, new[] { IPAddress.Loopback }));

    public static TlsTestServer Start() => new(Loopback.Value);

    public static RestConfig ConfigFor(TlsTestServer server) => new()
    {
        Host = server.Url,
        Source = "context \"test\" in /tmp/test-config",
        Tls = new TlsConfig { CaData = TestPki.Bytes(TestPki.Shared.CaPem) },
    };
}
