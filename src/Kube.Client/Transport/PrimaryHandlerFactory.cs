using System;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using Kube.Client.Config;
using Kube.Client.Transport.Tls;
#if NET8_0_OR_GREATER
using System.Net.Security;
#endif

namespace Kube.Client.Transport;

/// <summary>The handler that owns the connections: SocketsHttpHandler on net8.0, HttpClientHandler on netstandard2.0.</summary>
internal static class PrimaryHandlerFactory
{
    /// <summary>client-go's HTTP/2 health check: ping after 30 s without frames, give up after 15 s more.</summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(15);

    public static HttpMessageHandler Create(RestConfig config, ServerCertificateValidator validator, X509Certificate2? clientCertificate)
    {
#if NET8_0_OR_GREATER
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = config.DisableCompression ? DecompressionMethods.None : DecompressionMethods.GZip,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = KeepAlivePingDelay,
            KeepAlivePingTimeout = KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            // Recycle connections now and then so that a server behind a load balancer gets its share.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = config.Tls.ServerName,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => validator.Validate(certificate, chain, errors),
            },
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { clientCertificate };
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }
        if (config.Proxy is not null)
        {
            handler.UseProxy = true;
            handler.Proxy = CreateProxy(config.Proxy);
        }
        return handler;
#else
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = config.DisableCompression ? DecompressionMethods.None : DecompressionMethods.GZip,
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) => validator.Validate(certificate, chain, errors),
        };
        if (clientCertificate is not null)
        {
            handler.ClientCertificates.Add(clientCertificate);
        }
        if (config.Proxy is not null)
        {
            if (config.Proxy.Scheme.StartsWith("socks", StringComparison.OrdinalIgnoreCase))
            {
                throw new KubeconfigException(
                    $"{config.Source ?? config.Host.ToString()}: proxy-url: socks5 proxies need the .NET 8 build (PowerShell 7); Windows PowerShell supports http and https proxies only");
            }
            handler.UseProxy = true;
            handler.Proxy = CreateProxy(config.Proxy);
        }
        return handler;
#endif
    }

    private static IWebProxy CreateProxy(Uri proxyUri)
    {
        var proxy = new WebProxy(new UriBuilder(proxyUri) { UserName = "", Password = "" }.Uri);
        if (!string.IsNullOrEmpty(proxyUri.UserInfo))
        {
            var parts = proxyUri.UserInfo.Split(new[] { ':' }, 2);
            proxy.Credentials = new NetworkCredential(
                Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
        return proxy;
    }
}
