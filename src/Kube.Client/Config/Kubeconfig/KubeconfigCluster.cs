using System.Collections.Generic;
using System.Text.Json;

namespace Kube.Client.Config;

/// <summary>A <c>clusters[]</c> entry of a kubeconfig. Relative paths are already resolved against the file's folder.</summary>
public sealed class KubeconfigCluster
{
    /// <summary>The extension name under which exec plugins receive per-cluster configuration.</summary>
    public const string ExecExtensionName = "client.authentication.k8s.io/exec";

    internal KubeconfigCluster(string name, string sourceFile, int line)
    {
        Name = name;
        SourceFile = sourceFile;
        Line = line;
    }

    public string Name { get; }

    /// <summary>The file that defined this entry (client-go's LocationOfOrigin).</summary>
    public string SourceFile { get; }

    /// <summary>1-based line of the entry in <see cref="SourceFile"/>.</summary>
    public int Line { get; }

    public string? Server { get; internal set; }
    public string? TlsServerName { get; internal set; }
    public bool InsecureSkipTlsVerify { get; internal set; }
    public string? CertificateAuthority { get; internal set; }
    public byte[]? CertificateAuthorityData { get; internal set; }
    public string? ProxyUrl { get; internal set; }
    public bool DisableCompression { get; internal set; }
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; internal set; } = new Dictionary<string, JsonElement>();

    internal string Describe() => $"cluster \"{Name}\" in {SourceFile}";

    public override string ToString() => $"{Name} ({Server})";
}
