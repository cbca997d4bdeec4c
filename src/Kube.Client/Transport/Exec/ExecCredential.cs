using System;
using System.Security.Cryptography.X509Certificates;

namespace Kube.Client.Transport.Exec;

/// <summary>What one run of an exec plugin gave: a token or a client certificate, and when it expires.</summary>
internal sealed class ExecCredential
{
    public ExecCredential(string? token, X509Certificate2? clientCertificate, DateTimeOffset? expiration)
    {
        Token = token;
        ClientCertificate = clientCertificate;
        Expiration = expiration;
    }

    public string? Token { get; }
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Null when the plugin gave none: the credential is then kept until a 401.</summary>
    public DateTimeOffset? Expiration { get; }

    public bool IsExpired(DateTimeOffset now) => Expiration is { } expiration && now >= expiration;

    public override string ToString() =>
        (Token is not null ? "token" : "client certificate") + (Expiration is { } e ? " until " + e.ToString("u") : "");
}
