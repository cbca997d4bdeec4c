using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Transport.Tls;

namespace Kube.Client.Transport.Upgrade;

/// <summary>
/// The innermost handler of the upgrade chain: one new HTTP/1.1 connection per request (TCP,
/// through an HTTP CONNECT proxy when one applies, then TLS checked by the config's
/// <see cref="ServerCertificateValidator"/> with its client certificate), the request head written
/// as the outer handlers left it, and the response head parsed. A "101 Switching Protocols"
/// answer's content is the connection itself, both directions; any other answer's content is its
/// body (by Content-Length, chunked, or to the close). Requests with a body are not supported: an
/// upgrade has none. This is what WebSockets need where HttpClientHandler (netstandard2.0) cannot
/// hand over an upgraded connection.
/// </summary>
internal sealed class UpgradeConnectionHandler : HttpMessageHandler
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private const int MaxHeadBytes = 64 * 1024;

    private readonly RestConfig _config;
    private readonly ServerCertificateValidator _validator;
    private readonly X509Certificate2? _clientCertificate;

    public UpgradeConnectionHandler(RestConfig config, ServerCertificateValidator validator, X509Certificate2? clientCertificate)
    {
        _config = config;
        _validator = validator;
        _clientCertificate = clientCertificate;
        if (config.Proxy is { } proxy && !string.Equals(proxy.Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            throw new KubeconfigException(
                $"{config.Source ?? config.Host.ToString()}: proxy-url: exec, attach and port-forward go through http proxies only; {proxy.Scheme} proxies are not supported for them");
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        if (request.Content is not null) throw new NotSupportedException("Upgrade requests carry no body.");
        bool tls = uri.Scheme == Uri.UriSchemeHttps;
        if (!tls && uri.Scheme != Uri.UriSchemeHttp) throw new NotSupportedException($"Scheme {uri.Scheme} is not supported.");

        var tcp = new TcpClient { NoDelay = true };
        Stream? stream = null;
        try
        {
            Uri? proxy = ProxyFor(uri);
            string hostHeader = request.Headers.Host ?? Authority(uri);
            if (proxy is null)
            {
                await ConnectAsync(tcp, uri.DnsSafeHost, uri.Port, cancellationToken).ConfigureAwait(false);
                stream = tcp.GetStream();
            }
            else
            {
                await ConnectAsync(tcp, proxy.DnsSafeHost, proxy.Port, cancellationToken).ConfigureAwait(false);
                stream = tcp.GetStream();
                stream = await TunnelAsync(stream, proxy, uri, cancellationToken).ConfigureAwait(false);
            }
            if (tls)
            {
                // SNI: the Host header, which ServerNameHandler sets to tls-server-name, else the URL's host.
                string serverName = StripPort(hostHeader);
                var ssl = _clientCertificate is { } certificate
                    ? new SslStream(stream, false, (_, c, chain, errors) => _validator.Validate(c, chain, errors), (_, _, _, _, _) => certificate)
                    : new SslStream(stream, false, (_, c, chain, errors) => _validator.Validate(c, chain, errors));
                stream = ssl;
                var certificates = new X509CertificateCollection();
                if (_clientCertificate is not null) certificates.Add(_clientCertificate);
                using (cancellationToken.Register(static s => ((TcpClient)s!).Dispose(), tcp))
                {
                    try
                    {
                        await ssl.AuthenticateAsClientAsync(serverName, certificates, SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
                    {
                        throw new HttpRequestException($"The SSL connection could not be established: {e.Message}", e);
                    }
                    catch (Exception) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                }
            }

            await WriteHeadAsync(stream, request, uri, hostHeader, cancellationToken).ConfigureAwait(false);
            var head = await HttpHeadReader.ReadAsync(stream, MaxHeadBytes, cancellationToken).ConfigureAwait(false);
            var response = head.ToResponse(request);
            var body = new BufferedPrefixStream(head.Leftover, stream);
            response.Content = response.StatusCode == HttpStatusCode.SwitchingProtocols
                ? new UpgradedContent(new OwnedConnectionStream(body, tcp))
                : new UpgradedContent(new OwnedConnectionStream(HttpBodyStream.For(head, body, request.Method), tcp));
            head.CopyContentHeaders(response.Content);
            return response;
        }
        catch
        {
            stream?.Dispose();
            tcp.Dispose();
            throw;
        }
    }

    private Uri? ProxyFor(Uri target)
    {
        if (_config.Proxy is { } configured) return configured;
        IWebProxy? system = WebRequest.DefaultWebProxy;
        if (system is null || system.IsBypassed(target)) return null;
        Uri? proxy = system.GetProxy(target);
        if (proxy is null || proxy == target) return null;
        return string.Equals(proxy.Scheme, "http", StringComparison.OrdinalIgnoreCase) ? proxy : null;
    }

    private static async Task ConnectAsync(TcpClient tcp, string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        using (timeout.Token.Register(static s => ((TcpClient)s!).Dispose(), tcp))
        {
            try
            {
                await tcp.ConnectAsync(host, port).ConfigureAwait(false);
            }
            catch (Exception e) when (timeout.IsCancellationRequested)
            {
                if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
                throw new HttpRequestException($"Connecting to {host}:{port} timed out after {ConnectTimeout.TotalSeconds:0} s.", e);
            }
            catch (SocketException e)
            {
                throw new HttpRequestException($"{e.Message} ({host}:{port})", e);
            }
        }
    }

    /// <summary>Opens a tunnel through an HTTP proxy with CONNECT, with Basic credentials from the proxy URL.</summary>
    private static async Task<Stream> TunnelAsync(Stream proxyStream, Uri proxy, Uri target, CancellationToken cancellationToken)
    {
        string authority = target.DnsSafeHost.Contains(":") ? $"[{target.DnsSafeHost}]:{target.Port}" : $"{target.DnsSafeHost}:{target.Port}";
        var head = new StringBuilder();
        head.Append("CONNECT ").Append(authority).Append(" HTTP/1.1\r\nHost: ").Append(authority).Append("\r\n");
        if (!string.IsNullOrEmpty(proxy.UserInfo))
        {
            var parts = proxy.UserInfo.Split(new[] { ':' }, 2);
            string user = Uri.UnescapeDataString(parts[0]);
            string password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            head.Append("Proxy-Authorization: Basic ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password))).Append("\r\n");
        }
        head.Append("\r\n");
        byte[] bytes = Encoding.ASCII.GetBytes(head.ToString());
        await proxyStream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
        var answer = await HttpHeadReader.ReadAsync(proxyStream, MaxHeadBytes, cancellationToken).ConfigureAwait(false);
        if (answer.StatusCode / 100 != 2)
        {
            string where = proxy.GetLeftPart(UriPartial.Authority).Replace(proxy.UserInfo + "@", "");
            throw new HttpRequestException($"The proxy {where} refused the tunnel to {authority}: {answer.StatusCode} {answer.ReasonPhrase}");
        }
        return answer.Leftover.Length == 0 ? proxyStream : new BufferedPrefixStream(answer.Leftover, proxyStream);
    }

    private static async Task WriteHeadAsync(Stream stream, HttpRequestMessage request, Uri uri, string hostHeader, CancellationToken cancellationToken)
    {
        var head = new StringBuilder(512);
        head.Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(hostHeader).Append("\r\n");
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase)) continue;
            // User-Agent's product tokens are joined with spaces, every other list with commas.
            string separator = string.Equals(header.Key, "User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ";
            string value = string.Join(separator, header.Value);
            if (value.IndexOf('\r') >= 0 || value.IndexOf('\n') >= 0)
                throw new HttpRequestException($"The {header.Key} header holds a line break.");
            head.Append(header.Key).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        byte[] bytes = Encoding.UTF8.GetBytes(head.ToString());
        await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Authority(Uri uri) =>
        uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);

    private static string StripPort(string host)
    {
        if (host.StartsWith("[", StringComparison.Ordinal))
        {
            int end = host.IndexOf(']');
            return end > 0 ? host.Substring(1, end - 1) : host;
        }
        int colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':') == colon ? host.Substring(0, colon) : host;
    }
}
