using System;
using System.Collections.Generic;

namespace Kube.Client.Config;

/// <summary>
/// Everything needed to talk to one API server as one user: the analogue of client-go's
/// <c>rest.Config</c>. Produced by <see cref="KubeconfigLoader"/> or <see cref="InClusterConfig"/>,
/// consumed by the transport and the <see cref="Rest.RestClient"/>.
/// </summary>
public sealed class RestConfig
{
    /// <summary>client-go's defaults (rest.DefaultQPS and rest.DefaultBurst).</summary>
    public const float DefaultQps = 5f;
    public const int DefaultBurst = 10;

    /// <summary>Scheme, host and port of the API server, and an optional path prefix.</summary>
    public Uri Host { get; set; } = new Uri("https://localhost");

    public TlsConfig Tls { get; set; } = new TlsConfig();

    public string? BearerToken { get; set; }

    /// <summary>A file holding the token; re-read when it changes (takes precedence over <see cref="BearerToken"/>).</summary>
    public string? BearerTokenFile { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>An exec credential plugin (client.authentication.k8s.io v1 or v1beta1).</summary>
    public ExecConfig? ExecProvider { get; set; }

    /// <summary>Proxy for every request (http, https or socks5); null takes the environment's proxy.</summary>
    public Uri? Proxy { get; set; }

    public string? ImpersonateUser { get; set; }
    public IList<string> ImpersonateGroups { get; set; } = new List<string>();
    public string? ImpersonateUid { get; set; }

    /// <summary>Extra fields of the impersonated user (Impersonate-Extra-&lt;key&gt; headers).</summary>
    public IDictionary<string, IList<string>> ImpersonateExtra { get; set; } = new Dictionary<string, IList<string>>();

    /// <summary>Do not ask the server for gzip responses (kubeconfig's disable-compression).</summary>
    public bool DisableCompression { get; set; }

    /// <summary>Sustained requests per second allowed by the client-side limiter; 0 or less disables it.</summary>
    public float Qps { get; set; } = DefaultQps;

    /// <summary>Requests allowed in a burst above <see cref="Qps"/>.</summary>
    public int Burst { get; set; } = DefaultBurst;

    /// <summary>
    /// The wire form of built-in kinds (client-go's ContentConfig.ContentType): "application/json"
    /// (the default) or "application/vnd.kubernetes.protobuf". With protobuf, typed clients send
    /// create and update bodies in protobuf and accept protobuf answers, falling back to JSON when the
    /// server answers JSON. Custom resources, the dynamic client, patches and discovery always use JSON.
    /// </summary>
    public string ContentType { get; set; } = Rest.MediaTypes.Json;

    /// <summary>Timeout for a whole request (watches excluded); zero means none.</summary>
    public TimeSpan Timeout { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>Where the settings came from, for messages ("context 'dev' in /home/me/.kube/config").</summary>
    public string? Source { get; set; }

    /// <summary>Name of the context this config was built from, if any.</summary>
    public string? ContextName { get; set; }

    /// <summary>Default namespace of the context ("default" when the context names none).</summary>
    public string Namespace { get; set; } = "default";

    public RestConfig Clone()
    {
        var copy = (RestConfig)MemberwiseClone();
        copy.Tls = Tls.Clone();
        copy.ExecProvider = ExecProvider?.Clone();
        copy.ImpersonateGroups = new List<string>(ImpersonateGroups);
        copy.ImpersonateExtra = new Dictionary<string, IList<string>>();
        foreach (var pair in ImpersonateExtra)
        {
            copy.ImpersonateExtra[pair.Key] = new List<string>(pair.Value);
        }
        return copy;
    }

    /// <summary>Where and how this config connects; never shows a credential.</summary>
    public override string ToString()
    {
        var auth = ExecProvider is not null ? "exec " + ExecProvider.Command
            : BearerTokenFile is not null ? "token file " + BearerTokenFile
            : BearerToken is not null ? "bearer token"
            : Username is not null ? "basic auth as " + Username
            : Tls.HasClientCertificate ? "client certificate"
            : "anonymous";
        return $"{Host} ({auth}{(Source is null ? "" : "; " + Source)})";
    }
}
