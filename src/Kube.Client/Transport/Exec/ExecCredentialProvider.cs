using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Config.Certificates;

namespace Kube.Client.Transport.Exec;

/// <summary>
/// Runs an exec credential plugin (client.authentication.k8s.io v1 or v1beta1) and keeps its
/// credential until its expirationTimestamp, or until a 401 shows it is no longer good. One
/// provider is shared per plugin configuration in the process, as client-go does, so that many
/// clients of one context do not each run the plugin; concurrent callers wait for a single run.
/// </summary>
internal sealed class ExecCredentialProvider
{
    private static readonly ConcurrentDictionary<string, ExecCredentialProvider> Shared = new(StringComparer.Ordinal);

    private readonly ExecConfig _config;
    private readonly string _execInfo;
    private readonly string _source;
    private readonly Func<DateTimeOffset> _now;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ExecCredential? _current;

    internal ExecCredentialProvider(ExecConfig config, string execInfo, string source, Func<DateTimeOffset>? now = null)
    {
        _config = config;
        _execInfo = execInfo;
        _source = source;
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>How many times the plugin ran (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

    public static ExecCredentialProvider GetOrCreate(RestConfig config)
    {
        var exec = config.ExecProvider ?? throw new ArgumentException("The config has no exec provider.", nameof(config));
        if (exec.InteractiveMode == "Always")
        {
            throw new ExecPluginException(
                $"exec plugin \"{exec.Command}\" ({config.Source ?? config.Host.ToString()}) requires interactive mode (interactiveMode: Always), which Kube.Client cannot provide; set interactiveMode to IfAvailable or Never if the plugin can work without a terminal",
                exec.Command);
        }
        var execInfo = BuildExecInfo(config);
        var key = CacheKey(exec, execInfo);
        return Shared.GetOrAdd(key, _ => new ExecCredentialProvider(exec.Clone(), execInfo, config.Source ?? config.Host.ToString()));
    }

    public async Task<ExecCredential> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !current.IsExpired(_now()))
        {
            return current;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _current;
            if (current is not null && !current.IsExpired(_now()))
            {
                return current;
            }
            var result = await ExecPluginRunner.RunAsync(_config, _execInfo, _source, cancellationToken).ConfigureAwait(false);
            Runs++;
            _current = Parse(result.Stdout);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops <paramref name="rejected"/> so the next caller runs the plugin again; a newer credential is kept.</summary>
    public void Invalidate(ExecCredential rejected) => Interlocked.CompareExchange(ref _current, null, rejected);

    private ExecCredential Parse(string stdout)
    {
        var command = _config.Command;
        ExecPluginException Bad(string what) =>
            new($"exec plugin \"{command}\" ({_source}) returned an invalid ExecCredential: {what}", command);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stdout);
        }
        catch (JsonException)
        {
            // The output may hold a token: describe it, never echo it.
            throw Bad(stdout.Trim().Length == 0 ? "the output is empty" : "the output is not JSON");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad("the output is not a JSON object");
            }
            var apiVersion = GetString(root, "apiVersion");
            if (apiVersion != _config.ApiVersion)
            {
                throw Bad($"it is of apiVersion \"{apiVersion}\" but the kubeconfig asks for \"{_config.ApiVersion}\"");
            }
            var kind = GetString(root, "kind");
            if (kind != "ExecCredential")
            {
                throw Bad($"kind is \"{kind}\", expected \"ExecCredential\"");
            }
            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
            {
                throw Bad("it has no status");
            }
            var token = GetString(status, "token");
            var certificate = GetString(status, "clientCertificateData");
            var key = GetString(status, "clientKeyData");
            DateTimeOffset? expiration = null;
            var expirationText = GetString(status, "expirationTimestamp");
            if (!string.IsNullOrEmpty(expirationText))
            {
                if (!DateTimeOffset.TryParse(expirationText, System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    throw Bad($"status.expirationTimestamp \"{expirationText}\" is not an RFC 3339 time");
                }
                expiration = parsed;
            }
            if (string.IsNullOrEmpty(certificate) != string.IsNullOrEmpty(key))
            {
                throw Bad("status.clientCertificateData and status.clientKeyData must be given together");
            }
            if (string.IsNullOrEmpty(token) && string.IsNullOrEmpty(certificate))
            {
                throw Bad("status has neither a token nor clientCertificateData and clientKeyData");
            }
            System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null;
            if (!string.IsNullOrEmpty(certificate))
            {
                try
                {
                    clientCertificate = CertificateLoader.LoadClientCertificate(Encoding.UTF8.GetBytes(certificate!), Encoding.UTF8.GetBytes(key!));
                }
                catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or PlatformNotSupportedException)
                {
                    throw Bad("status.clientCertificateData/clientKeyData: " + e.Message);
                }
            }
            return new ExecCredential(string.IsNullOrEmpty(token) ? null : token, clientCertificate, expiration);
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The KUBERNETES_EXEC_INFO document: the ExecCredential spec, with the cluster when asked for.</summary>
    internal static string BuildExecInfo(RestConfig config)
    {
        var exec = config.ExecProvider!;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "ExecCredential");
            writer.WriteString("apiVersion", exec.ApiVersion);
            writer.WriteStartObject("spec");
            writer.WriteBoolean("interactive", false);
            if (exec.ProvideClusterInfo)
            {
                writer.WriteStartObject("cluster");
                writer.WriteString("server", config.Host.ToString().TrimEnd('/'));
                if (!string.IsNullOrEmpty(config.Tls.ServerName))
                {
                    writer.WriteString("tls-server-name", config.Tls.ServerName);
                }
                if (config.Tls.Insecure)
                {
                    writer.WriteBoolean("insecure-skip-tls-verify", true);
                }
                var ca = config.Tls.CaData is { Length: > 0 } ? config.Tls.CaData
                    : !string.IsNullOrEmpty(config.Tls.CaFile) && File.Exists(config.Tls.CaFile) ? File.ReadAllBytes(config.Tls.CaFile!)
                    : null;
                if (ca is not null)
                {
                    writer.WriteBase64String("certificate-authority-data", ca);
                }
                if (config.Proxy is not null)
                {
                    writer.WriteString("proxy-url", config.Proxy.ToString());
                }
                if (config.DisableCompression)
                {
                    writer.WriteBoolean("disable-compression", true);
                }
                if (!string.IsNullOrEmpty(exec.ClusterConfigJson))
                {
                    writer.WritePropertyName("config");
                    using var clusterConfig = JsonDocument.Parse(exec.ClusterConfigJson!);
                    clusterConfig.RootElement.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string CacheKey(ExecConfig exec, string execInfo)
    {
        var key = new StringBuilder()
            .Append(exec.ApiVersion).Append('\0').Append(exec.Command).Append('\0')
            .Append(exec.BaseDirectory).Append('\0').Append(exec.Timeout.Ticks).Append('\0');
        foreach (var argument in exec.Args)
        {
            key.Append(argument).Append('\u0001');
        }
        key.Append('\0');
        foreach (var pair in exec.Env)
        {
            key.Append(pair.Key).Append('=').Append(pair.Value).Append('\u0001');
        }
        return key.Append('\0').Append(execInfo).ToString();
    }
}
