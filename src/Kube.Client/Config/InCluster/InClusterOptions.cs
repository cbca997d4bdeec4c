using System;

namespace Kube.Client.Config;

/// <summary>Where <see cref="InClusterConfig"/> looks: replaceable so tests need no pod.</summary>
public sealed class InClusterOptions
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Folder holding token, ca.crt and namespace.</summary>
    public string ServiceAccountDirectory { get; set; } = DefaultServiceAccountDirectory;

    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}
