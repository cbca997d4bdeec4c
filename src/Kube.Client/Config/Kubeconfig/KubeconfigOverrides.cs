using System.Collections.Generic;

namespace Kube.Client.Config;

/// <summary>
/// Values that take precedence over the kubeconfig, as kubectl's flags do (client-go's
/// ConfigOverrides): <c>--context</c>, <c>--cluster</c>, <c>--user</c>, <c>--namespace</c>,
/// <c>--server</c> and friends.
/// </summary>
public sealed class KubeconfigOverrides
{
    public string? Context { get; set; }
    public string? Cluster { get; set; }
    public string? User { get; set; }
    public string? Namespace { get; set; }
    public string? Server { get; set; }

    /// <summary>
    /// Name to check the server certificate against. When <see cref="Server"/> is overridden the
    /// file's tls-server-name is dropped in favour of this one (possibly none), as kubectl does.
    /// </summary>
    public string? TlsServerName { get; set; }

    /// <summary>Skip server verification; drops the file's CA unless <see cref="CertificateAuthority"/> is also given.</summary>
    public bool? InsecureSkipTlsVerify { get; set; }

    /// <summary>A CA file that replaces the cluster's CA (and turns off insecure-skip-tls-verify).</summary>
    public string? CertificateAuthority { get; set; }

    public string? Token { get; set; }
    public string? Impersonate { get; set; }
    public IList<string>? ImpersonateGroups { get; set; }

    /// <summary>True when nothing is overridden (then the in-cluster fallback is allowed).</summary>
    internal bool IsEmpty =>
        Context is null && Cluster is null && User is null && Namespace is null && Server is null &&
        TlsServerName is null && InsecureSkipTlsVerify is null && CertificateAuthority is null &&
        Token is null && Impersonate is null && ImpersonateGroups is null;
}
