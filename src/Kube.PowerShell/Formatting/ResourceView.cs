using System;
using System.Management.Automation;
using Kube.Client.Models;

namespace Kube.PowerShell.Formatting;

/// <summary>
/// Properties the types file adds to every model with metadata (CodeProperty targets): the name
/// and namespace at the top level, so pipeline binding by property name works, and the age.
/// </summary>
public static class ResourceView
{
    public static string? Name(PSObject instance) => Resource(instance)?.Metadata?.Name;

    public static string? Namespace(PSObject instance) => Resource(instance)?.Metadata?.Namespace;

    /// <summary>A Namespace object stands for itself where a namespace is expected (Get-KubeNamespace | Get-KubePod).</summary>
    public static string? OwnName(PSObject instance) => Resource(instance)?.Metadata?.Name;

    public static TimeSpan? Age(PSObject instance) => Duration.Since(Resource(instance)?.Metadata?.CreationTimestamp);

    public static string AgeText(PSObject instance) => Duration.Human(Age(instance));

    private static IKubeResource? Resource(PSObject instance) => instance?.BaseObject as IKubeResource;
}
