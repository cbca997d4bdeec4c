using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kube.Client.Config.Yaml;

namespace Kube.Client.Config;

/// <summary>
/// Turns one context of a merged <see cref="Kubeconfig"/> plus overrides into a
/// <see cref="RestConfig"/>, with the checks clientcmd's validation makes, each failure naming
/// the entry, its file and the field.
/// </summary>
internal sealed class KubeconfigRestConfigBuilder
{
    private readonly Kubeconfig _config;
    private readonly KubeconfigOverrides _overrides;

    public KubeconfigRestConfigBuilder(Kubeconfig config, KubeconfigOverrides overrides)
    {
        _config = config;
        _overrides = overrides;
    }

    public RestConfig Build()
    {
        var context = ChooseContext();
        var cluster = ChooseCluster(context);
        var user = ChooseUser(context);

        var result = new RestConfig
        {
            ContextName = context.Name,
            Source = context.Describe(),
            Namespace = FirstNonEmpty(_overrides.Namespace, context.Namespace) ?? "default",
        };
        ApplyCluster(result, cluster);
        if (user is not null)
        {
            ApplyUser(result, user, cluster);
        }
        ApplyUserOverrides(result);
        return result;
    }

    private KubeconfigContext ChooseContext()
    {
        if (_config.Documents.Count == 0)
        {
            throw new KubeconfigException(
                $"no kubeconfig found: {_config.Rules.Describe()} does not exist; set KUBECONFIG or pass a kubeconfig path");
        }
        var name = FirstNonEmpty(_overrides.Context, _config.CurrentContext);
        if (name is null)
        {
            throw new KubeconfigException(
                $"no context chosen: current-context is not set in {_config.DescribeFiles()} and no context was given ({Known("contexts", _config.Contexts.Keys)})",
                _config.Documents[0].Path, "current-context");
        }
        if (!_config.Contexts.TryGetValue(name, out var context))
        {
            var origin = _overrides.Context is null && _config.CurrentContextSource is not null
                ? $" (current-context of {_config.CurrentContextSource})"
                : "";
            throw new KubeconfigException(
                $"context \"{name}\"{origin} not found in {_config.DescribeFiles()} ({Known("contexts", _config.Contexts.Keys)})",
                _overrides.Context is null ? _config.CurrentContextSource : null, "current-context");
        }
        return context;
    }

    private KubeconfigCluster ChooseCluster(KubeconfigContext context)
    {
        var name = FirstNonEmpty(_overrides.Cluster, context.Cluster);
        if (name is null)
        {
            throw Fail(context.SourceFile, context.Line, $"contexts[{YamlFieldReader.Quote(context.Name)}].context.cluster",
                $"{context.Describe()}: no cluster is set");
        }
        if (!_config.Clusters.TryGetValue(name, out var cluster))
        {
            throw Fail(context.SourceFile, context.Line, $"contexts[{YamlFieldReader.Quote(context.Name)}].context.cluster",
                $"cluster \"{name}\" of {context.Describe()} not found in {_config.DescribeFiles()} ({Known("clusters", _config.Clusters.Keys)})");
        }
        return cluster;
    }

    private KubeconfigUser? ChooseUser(KubeconfigContext context)
    {
        var name = FirstNonEmpty(_overrides.User, context.User);
        if (name is null)
        {
            return null;
        }
        if (!_config.Users.TryGetValue(name, out var user))
        {
            throw Fail(context.SourceFile, context.Line, $"contexts[{YamlFieldReader.Quote(context.Name)}].context.user",
                $"user \"{name}\" of {context.Describe()} not found in {_config.DescribeFiles()} ({Known("users", _config.Users.Keys)})");
        }
        return user;
    }

    private void ApplyCluster(RestConfig result, KubeconfigCluster cluster)
    {
        var field = $"clusters[{YamlFieldReader.Quote(cluster.Name)}].cluster";
        KubeconfigException Error(string key, string message) =>
            Fail(cluster.SourceFile, cluster.Line, field + "." + key, $"{cluster.Describe()}: {message}");

        var caFile = cluster.CertificateAuthority;
        var caData = cluster.CertificateAuthorityData;
        var insecure = cluster.InsecureSkipTlsVerify;
        var serverName = cluster.TlsServerName;
        // kubectl's flag semantics: an explicit CA or insecure flag replaces the file's trust
        // settings as a whole, and a new server drops the file's tls-server-name.
        if (_overrides.InsecureSkipTlsVerify == true || !string.IsNullOrEmpty(_overrides.CertificateAuthority))
        {
            insecure = _overrides.InsecureSkipTlsVerify ?? false;
            caFile = string.IsNullOrEmpty(_overrides.CertificateAuthority) ? null : Path.GetFullPath(_overrides.CertificateAuthority);
            caData = null;
        }
        if (!string.IsNullOrEmpty(_overrides.TlsServerName) || !string.IsNullOrEmpty(_overrides.Server))
        {
            serverName = _overrides.TlsServerName;
        }

        if (!string.IsNullOrEmpty(caFile) && caData is { Length: > 0 })
        {
            throw Error("certificate-authority", "certificate-authority and certificate-authority-data are both set; keep one");
        }
        if (insecure && (!string.IsNullOrEmpty(caFile) || caData is { Length: > 0 }))
        {
            throw Error("insecure-skip-tls-verify", "insecure-skip-tls-verify cannot be combined with a certificate authority; remove one of them");
        }
        if (!string.IsNullOrEmpty(caFile))
        {
            RequireFile(caFile!, () => Error("certificate-authority", $"certificate-authority file {caFile} does not exist"));
        }

        var server = FirstNonEmpty(_overrides.Server, cluster.Server);
        if (server is null)
        {
            throw Error("server", "server is not set");
        }
        var hasTls = insecure || !string.IsNullOrEmpty(caFile) || caData is { Length: > 0 };
        result.Host = ParseServer(server, hasTls) ?? throw Error("server", $"server \"{server}\" is not a valid http or https URL");

        result.Tls = new TlsConfig
        {
            Insecure = insecure,
            ServerName = string.IsNullOrEmpty(serverName) ? null : serverName,
            CaFile = string.IsNullOrEmpty(caFile) ? null : caFile,
            CaData = caData is { Length: > 0 } ? caData : null,
        };
        result.DisableCompression = cluster.DisableCompression;
        if (!string.IsNullOrEmpty(cluster.ProxyUrl))
        {
            if (!Uri.TryCreate(cluster.ProxyUrl, UriKind.Absolute, out var proxy) ||
                proxy.Scheme is not ("http" or "https" or "socks5"))
            {
                throw Error("proxy-url", $"proxy-url \"{RedactUserInfo(cluster.ProxyUrl!)}\" is not an http, https or socks5 URL");
            }
            result.Proxy = proxy;
        }
    }

    private void ApplyUser(RestConfig result, KubeconfigUser user, KubeconfigCluster cluster)
    {
        var field = $"users[{YamlFieldReader.Quote(user.Name)}].user";
        KubeconfigException Error(string key, string message) =>
            Fail(user.SourceFile, user.Line, field + "." + key, $"{user.Describe()}: {message}");

        if (!string.IsNullOrEmpty(user.AuthProviderName))
        {
            throw Error("auth-provider",
                $"auth-provider \"{user.AuthProviderName}\" is not supported; use an exec credential plugin instead (for example kubelogin, gke-gcloud-auth-plugin or aws eks get-token)");
        }

        var methods = new List<string>();
        if (!string.IsNullOrEmpty(user.Token) || !string.IsNullOrEmpty(user.TokenFile))
        {
            methods.Add("token");
        }
        if (!string.IsNullOrEmpty(user.Username) || !string.IsNullOrEmpty(user.Password))
        {
            methods.Add("basic auth (username/password)");
        }
        if (methods.Count > 1)
        {
            throw Error("token", $"more than one authentication method is set ({string.Join(", ", methods)}); keep one");
        }

        if (!string.IsNullOrEmpty(user.ClientCertificate) && user.ClientCertificateData is { Length: > 0 })
        {
            throw Error("client-certificate", "client-certificate and client-certificate-data are both set; keep one");
        }
        if (!string.IsNullOrEmpty(user.ClientKey) && user.ClientKeyData is { Length: > 0 })
        {
            throw Error("client-key", "client-key and client-key-data are both set; keep one");
        }
        var hasCert = !string.IsNullOrEmpty(user.ClientCertificate) || user.ClientCertificateData is { Length: > 0 };
        var hasKey = !string.IsNullOrEmpty(user.ClientKey) || user.ClientKeyData is { Length: > 0 };
        if (hasCert && !hasKey)
        {
            throw Error("client-key", "client-certificate is set but client-key and client-key-data are not");
        }
        if (hasKey && !hasCert)
        {
            throw Error("client-certificate", "client-key is set but client-certificate and client-certificate-data are not");
        }
        if (!string.IsNullOrEmpty(user.ClientCertificate))
        {
            RequireFile(user.ClientCertificate!, () => Error("client-certificate", $"client-certificate file {user.ClientCertificate} does not exist"));
        }
        if (!string.IsNullOrEmpty(user.ClientKey))
        {
            RequireFile(user.ClientKey!, () => Error("client-key", $"client-key file {user.ClientKey} does not exist"));
        }
        if (!string.IsNullOrEmpty(user.TokenFile))
        {
            RequireFile(user.TokenFile!, () => Error("tokenFile", $"tokenFile {user.TokenFile} does not exist"));
        }

        result.Tls.CertFile = user.ClientCertificate;
        result.Tls.CertData = user.ClientCertificateData is { Length: > 0 } ? user.ClientCertificateData : null;
        result.Tls.KeyFile = user.ClientKey;
        result.Tls.KeyData = user.ClientKeyData is { Length: > 0 } ? user.ClientKeyData : null;
        result.BearerToken = string.IsNullOrEmpty(user.Token) ? null : user.Token;
        result.BearerTokenFile = string.IsNullOrEmpty(user.TokenFile) ? null : user.TokenFile;
        result.Username = string.IsNullOrEmpty(user.Username) ? null : user.Username;
        result.Password = string.IsNullOrEmpty(user.Password) ? null : user.Password;
        result.ImpersonateUser = string.IsNullOrEmpty(user.Impersonate) ? null : user.Impersonate;
        result.ImpersonateUid = string.IsNullOrEmpty(user.ImpersonateUid) ? null : user.ImpersonateUid;
        result.ImpersonateGroups = new List<string>(user.ImpersonateGroups);
        foreach (var extra in user.ImpersonateUserExtra)
        {
            result.ImpersonateExtra[extra.Key] = new List<string>(extra.Value);
        }
        if (user.Exec is not null)
        {
            var exec = user.Exec.Clone();
            if (cluster.Extensions.TryGetValue(KubeconfigCluster.ExecExtensionName, out var clusterConfig) &&
                clusterConfig.ValueKind != System.Text.Json.JsonValueKind.Undefined)
            {
                exec.ClusterConfigJson = clusterConfig.GetRawText();
            }
            result.ExecProvider = exec;
        }
    }

    private void ApplyUserOverrides(RestConfig result)
    {
        if (!string.IsNullOrEmpty(_overrides.Token))
        {
            result.BearerToken = _overrides.Token;
            result.BearerTokenFile = null;
            result.Username = null;
            result.Password = null;
            result.ExecProvider = null;
        }
        if (!string.IsNullOrEmpty(_overrides.Impersonate))
        {
            result.ImpersonateUser = _overrides.Impersonate;
        }
        if (_overrides.ImpersonateGroups is not null)
        {
            result.ImpersonateGroups = new List<string>(_overrides.ImpersonateGroups);
        }
    }

    /// <summary>client-go's defaulting: a server without a scheme gets https when any TLS setting is present.</summary>
    private static Uri? ParseServer(string server, bool hasTls)
    {
        if (Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            return uri;
        }
        if (server.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            return null;
        }
        var withScheme = (hasTls ? "https://" : "http://") + server;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out uri) && uri.Host.Length > 0 ? uri : null;
    }

    private static void RequireFile(string path, Func<KubeconfigException> error)
    {
        if (!File.Exists(path))
        {
            throw error();
        }
    }

    private static KubeconfigException Fail(string file, int line, string field, string message) =>
        new(message, file, field, line > 0 ? line : null);

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static string Known(string what, IEnumerable<string> names)
    {
        var sorted = names.OrderBy(n => n, StringComparer.Ordinal).ToList();
        return sorted.Count == 0 ? $"no {what} are defined" : $"known {what}: {string.Join(", ", sorted)}";
    }

    internal static string RedactUserInfo(string url)
    {
        var at = url.IndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && at > scheme ? url.Substring(0, scheme + 3) + "***@" + url.Substring(at + 1) : url;
    }
}
