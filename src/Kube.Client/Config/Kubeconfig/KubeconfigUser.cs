using System.Collections.Generic;
using System.Text.Json;

namespace Kube.Client.Config;

/// <summary>
/// A <c>users[]</c> entry (client-go's AuthInfo). Relative paths are already resolved against the
/// file's folder. <see cref="ToString"/> never shows a credential.
/// </summary>
public sealed class KubeconfigUser
{
    internal KubeconfigUser(string name, string sourceFile, int line)
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

    public string? ClientCertificate { get; internal set; }
    public byte[]? ClientCertificateData { get; internal set; }
    public string? ClientKey { get; internal set; }
    public byte[]? ClientKeyData { get; internal set; }
    public string? Token { get; internal set; }
    public string? TokenFile { get; internal set; }
    public string? Impersonate { get; internal set; }
    public string? ImpersonateUid { get; internal set; }
    public IReadOnlyList<string> ImpersonateGroups { get; internal set; } = new List<string>();
    public IReadOnlyDictionary<string, List<string>> ImpersonateUserExtra { get; internal set; } = new Dictionary<string, List<string>>();
    public string? Username { get; internal set; }
    public string? Password { get; internal set; }

    /// <summary>Name of an <c>auth-provider</c> block (gcp, azure, oidc...), kept but not run.</summary>
    public string? AuthProviderName { get; internal set; }

    public ExecConfig? Exec { get; internal set; }
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; internal set; } = new Dictionary<string, JsonElement>();

    internal string Describe() => $"user \"{Name}\" in {SourceFile}";

    public override string ToString() => $"{Name} ({SourceFile})";
}
