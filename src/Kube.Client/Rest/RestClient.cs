using System;
using System.Net.Http;
using Kube.Client.Config;

namespace Kube.Client.Rest;

/// <summary>
/// The one HTTP core of a cluster connection (client-go's RESTClient): a shared connection pool,
/// the client-side rate limiter and the retry policy. Typed, dynamic and discovery clients all
/// build their <see cref="Request"/>s here. Thread-safe; make one per <see cref="RestConfig"/>
/// and reuse it.
/// </summary>
public sealed class RestClient : IDisposable
{
    private readonly HttpMessageInvoker _http;
    private readonly bool _ownsHandler;
    private readonly object _upgradeLock = new();
    private Func<HttpMessageHandler>? _upgradeHandlerFactory;
    private HttpMessageInvoker? _upgradeHttp;

    /// <summary>Creates a client over the given handler (the transport for <paramref name="config"/>).</summary>
    public RestClient(RestConfig config, HttpMessageHandler handler, bool disposeHandler = true)
    {
        Config = config ?? throw new ArgumentNullException(nameof(config));
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        _http = new HttpMessageInvoker(handler, disposeHandler);
        _ownsHandler = disposeHandler;
        RateLimiter = config.Qps > 0 ? new TokenBucketRateLimiter(config.Qps, Math.Max(1, config.Burst)) : null;
        BaseUri = NormalizeBase(config.Host);
        ContentType = MediaTypes.Validate(config.ContentType, nameof(RestConfig.ContentType));
    }

    /// <summary>
    /// A client over the transport <paramref name="config"/> describes (TLS, credentials, proxy).
    /// <paramref name="warn"/> receives set-up warnings such as disabled TLS verification.
    /// </summary>
    public static RestClient Create(RestConfig config, Action<string>? warn = null) =>
        new(config, Transport.HttpTransport.CreateHandler(config, warn))
        {
            _upgradeHandlerFactory = () => Transport.HttpTransport.CreateUpgradeHandler(config),
        };

    public RestConfig Config { get; }

    /// <summary>Server URL with any path prefix, always ending in '/'.</summary>
    public Uri BaseUri { get; }

    /// <summary>
    /// The wire form typed requests of built-in kinds use (<see cref="MediaTypes.Json"/> or
    /// <see cref="MediaTypes.Protobuf"/>), from <see cref="RestConfig.ContentType"/>; a request may
    /// choose otherwise with <see cref="Request.PreferContentType"/>.
    /// </summary>
    public string ContentType { get; }

    /// <summary>Throttle shared by every request of this client; null when QPS is 0 or less.</summary>
    public IRateLimiter? RateLimiter { get; set; }

    public RetryPolicy RetryPolicy { get; set; } = RetryPolicy.Default;

    /// <summary>Receives warnings when no <see cref="RequestListenerScope"/> is active.</summary>
    public IRequestListener? DefaultListener { get; set; }

    internal HttpMessageInvoker Http => _http;

    /// <summary>
    /// True when WebSockets (exec, attach, port-forward) go over connections and framing of our
    /// own rather than the runtime's: always on netstandard2.0, whose HttpClientHandler cannot hand
    /// over an upgraded connection; on net8.0 only when a test asks for it.
    /// </summary>
#if NET8_0_OR_GREATER
    internal bool OwnWebSocketStack { get; set; }
#else
    internal bool OwnWebSocketStack { get; set; } = true;
#endif

    /// <summary>
    /// What connection upgrades are sent through: the client's own handler, unless
    /// <see cref="OwnWebSocketStack"/> is on for a client made by <see cref="Create"/>, which then
    /// gets a second handler chain (same credentials and TLS) over upgrade-capable connections.
    /// </summary>
    internal HttpMessageInvoker UpgradeHttp
    {
        get
        {
            if (!OwnWebSocketStack || _upgradeHandlerFactory is null) return _http;
            lock (_upgradeLock)
                return _upgradeHttp ??= new HttpMessageInvoker(_upgradeHandlerFactory(), disposeHandler: true);
        }
    }

    public Request Get() => new(this, HttpMethod.Get);
    public Request Post() => new(this, HttpMethod.Post);
    public Request Put() => new(this, HttpMethod.Put);
    public Request Delete() => new(this, HttpMethod.Delete);
    public Request Patch(PatchType type) => new Request(this, PatchMethod).ContentType(type.ContentType());
    public Request Verb(HttpMethod method) => new(this, method);

    internal static readonly HttpMethod PatchMethod = new("PATCH");

    /// <summary>Describes the server for messages: "https://127.0.0.1:16443 (context "dev" in /home/me/.kube/config)".</summary>
    internal string DescribeServer()
    {
        string server = Config.Host.GetLeftPart(UriPartial.Authority);
        // Source already names the context when the config came from a kubeconfig.
        if (Config.Source is { Length: > 0 } source) return $"{server} ({source})";
        return Config.ContextName is { Length: > 0 } ctx ? $"{server} (context '{ctx}')" : server;
    }

    public void Dispose()
    {
        if (_ownsHandler) _http.Dispose();
        lock (_upgradeLock) _upgradeHttp?.Dispose();
    }

    private static Uri NormalizeBase(Uri host)
    {
        if (!host.IsAbsoluteUri) throw new ArgumentException($"Server URL '{host}' is not absolute.", nameof(host));
        if (host.Scheme != Uri.UriSchemeHttps && host.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"Server URL '{host}' must use https or http.", nameof(host));
        string s = host.GetLeftPart(UriPartial.Path);
        return new Uri(s.EndsWith("/", StringComparison.Ordinal) ? s : s + "/");
    }
}
