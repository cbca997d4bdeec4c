namespace Kube.Client.Config;

/// <summary>
/// TLS settings of a <see cref="RestConfig"/>. Each of CA, certificate and key comes either
/// as a file path or as PEM data; data wins when both are set, as in client-go.
/// </summary>
public sealed class TlsConfig
{
    /// <summary>Skip server certificate verification; <see cref="Transport.HttpTransport.CreateHandler"/> then warns through its warning sink.</summary>
    public bool Insecure { get; set; }

    /// <summary>Name to verify the server certificate against (and to send as SNI) instead of the host.</summary>
    public string? ServerName { get; set; }

    public string? CaFile { get; set; }
    public byte[]? CaData { get; set; }
    public string? CertFile { get; set; }
    public byte[]? CertData { get; set; }
    public string? KeyFile { get; set; }
    public byte[]? KeyData { get; set; }

    public bool HasCa => CaData is { Length: > 0 } || !string.IsNullOrEmpty(CaFile);
    public bool HasClientCertificate =>
        (CertData is { Length: > 0 } || !string.IsNullOrEmpty(CertFile)) &&
        (KeyData is { Length: > 0 } || !string.IsNullOrEmpty(KeyFile));

    public TlsConfig Clone() => (TlsConfig)MemberwiseClone();
}
