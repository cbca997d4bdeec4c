using System;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Kube.Client.Config;
using Kube.Client.Transport.Auth;
using Kube.Client.Transport.Exec;
using Kube.Client.Transport.Tls;

namespace Kube.Client.Transport;

/// <summary>
/// Builds the HTTP stack for a <see cref="RestConfig"/> (client-go's rest.TransportFor): TLS that
/// trusts the cluster's CA only, the client certificate, authentication (token file, token,
/// exec plugin, basic), impersonation and the User-Agent, over a pooled HTTP/2-capable handler.
/// One handler serves one config for the life of the client; create it once per context.
/// </summary>
public static class HttpTransport
{
    private static readonly Lazy<string> UserAgent = new(BuildUserAgent);

    /// <summary><c>Kube.PowerShell/&lt;version&gt; (&lt;os&gt;; &lt;arch&gt;)</c>, sent when the config names none.</summary>
    public static string DefaultUserAgent => UserAgent.Value;

    /// <summary>
    /// The handler chain for <paramref name="config"/>. Certificate and key files are read here.
    /// <paramref name="warn"/> receives warnings meant for the user (for example that TLS
    /// verification is disabled); it never receives a credential.
    /// </summary>
    /// <exception cref="KubeconfigException">A certificate, key or CA cannot be read or parsed.</exception>
    public static HttpMessageHandler CreateHandler(RestConfig config, Action<string>? warn = null) =>
        Create(config, warn, PrimaryHandlerFactory.Create);

    /// <summary>
    /// The handler chain for <paramref name="config"/> over connections of our own
    /// (<see cref="Upgrade.UpgradeConnectionHandler"/>) that hand over the raw stream of an
    /// upgraded HTTP/1.1 connection: what WebSockets need where the runtime's handler cannot
    /// upgrade (netstandard2.0, which Windows PowerShell loads). Same credentials and TLS.
    /// </summary>
    internal static HttpMessageHandler CreateUpgradeHandler(RestConfig config) =>
        Create(config, null, (c, validator, certificate) => new Upgrade.UpgradeConnectionHandler(c, validator, certificate));

    private static HttpMessageHandler Create(RestConfig config, Action<string>? warn,
        Func<RestConfig, ServerCertificateValidator, X509Certificate2?, HttpMessageHandler> primary)
    {
        if (config is null)
        {
            throw new ArgumentNullException(nameof(config));
        }
        var source = config.Source ?? config.Host.ToString();
        var material = TlsMaterial.Load(config);
        var expectedName = string.IsNullOrEmpty(config.Tls.ServerName) ? config.Host.DnsSafeHost : config.Tls.ServerName!;
        var validator = new ServerCertificateValidator(material.Roots, expectedName, config.Tls.Insecure);
        Warn(config, source, warn);

        HttpMessageHandler CreateInner(X509Certificate2? certificate)
        {
            HttpMessageHandler inner = new TlsErrorHandler(validator, source, new TracingHandler(primary(config, validator, certificate)));
            return string.IsNullOrEmpty(config.Tls.ServerName) || config.Host.Scheme != Uri.UriSchemeHttps
                ? inner
                : new ServerNameHandler(config.Tls.ServerName!, inner);
        }

        // The handler that picks connections: one pool, or one per certificate when the
        // certificate can change (renewed files).
        HttpMessageHandler Connections() =>
            material.ClientCertificateFiles is { } files
                ? new RotatingCertificateHandler(files, new CertificateHandlerPool(CreateInner))
                : CreateInner(material.ClientCertificate);

        HttpMessageHandler handler;
        if (!string.IsNullOrEmpty(config.BearerTokenFile))
        {
            handler = new TokenFileHandler(new TokenFileSource(config.BearerTokenFile!), Connections());
        }
        else if (!string.IsNullOrEmpty(config.BearerToken))
        {
            handler = new BearerTokenHandler(config.BearerToken!, Connections());
        }
        else if (config.ExecProvider is not null)
        {
            handler = new ExecCredentialHandler(ExecCredentialProvider.GetOrCreate(config), CreateInner, material.ClientCertificate);
        }
        else if (!string.IsNullOrEmpty(config.Username) || !string.IsNullOrEmpty(config.Password))
        {
            handler = new BasicAuthHandler(config.Username ?? "", config.Password ?? "", Connections());
        }
        else
        {
            handler = Connections();
        }
        if (ImpersonationHandler.IsNeeded(config))
        {
            handler = new ImpersonationHandler(config, handler);
        }
        return new UserAgentHandler(string.IsNullOrEmpty(config.UserAgent) ? DefaultUserAgent : config.UserAgent!, handler);
    }

    /// <summary>
    /// An <see cref="HttpClient"/> over <see cref="CreateHandler"/> with the server as base address
    /// and no client-side timeout (the caller's token bounds each request; watches run long).
    /// </summary>
    public static HttpClient CreateHttpClient(RestConfig config, Action<string>? warn = null) =>
        new(CreateHandler(config, warn), disposeHandler: true)
        {
            BaseAddress = config.Host,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

    private static void Warn(RestConfig config, string source, Action<string>? warn)
    {
        if (warn is null)
        {
            return;
        }
        if (config.Tls.Insecure && config.Host.Scheme == Uri.UriSchemeHttps)
        {
            warn($"TLS certificate verification is disabled for {config.Host.GetLeftPart(UriPartial.Authority)} ({source}: insecure-skip-tls-verify): the server's identity is not checked and the connection can be intercepted");
        }
        var hasCredentials = !string.IsNullOrEmpty(config.BearerToken) || !string.IsNullOrEmpty(config.BearerTokenFile) ||
                             !string.IsNullOrEmpty(config.Password) || config.ExecProvider is not null;
        if (config.Host.Scheme == Uri.UriSchemeHttp && hasCredentials)
        {
            warn($"{config.Host.GetLeftPart(UriPartial.Authority)} ({source}) is plain http: credentials are sent unencrypted");
        }
    }

    private static string BuildUserAgent()
    {
        var assembly = typeof(HttpTransport).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+');
        if (plus >= 0)
        {
            version = version.Substring(0, plus);
        }
        var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "windows"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "darwin"
            : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
            : "unknown";
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        return $"Kube.PowerShell/{version} ({os}; {arch})";
    }
}
