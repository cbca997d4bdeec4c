using System;
using System.Management.Automation;
using Kube.Client.Models;

namespace Kube.PowerShell.Formatting;

/// <summary>
/// Properties the module adds (Formatting/TypeMembers) to every model with metadata and to Unstructured objects
/// (CodeProperty targets): the name and namespace at the top level, so pipeline binding by
/// property name works, the kind, and the age. They never throw: a malformed field reads as null.
/// </summary>
public static class ResourceView
{
    public static string? Name(PSObject instance) => Safe(instance, r => r.Metadata?.Name, u => u.Name);

    public static string? Namespace(PSObject instance) => Safe(instance, r => r.Metadata?.Namespace, u => u.Namespace);

    /// <summary>A Namespace object stands for itself where a namespace is expected (Get-KubeNamespace | Get-KubePod).</summary>
    public static string? OwnName(PSObject instance) => Resource(instance)?.Metadata?.Name;

    public static DateTimeOffset? CreationTimestamp(PSObject instance) =>
        Safe(instance, r => r.Metadata?.CreationTimestamp, u => u.CreationTimestamp);

    public static TimeSpan? Age(PSObject instance) => Duration.Since(CreationTimestamp(instance));

    public static string AgeText(PSObject instance) => Duration.Human(Age(instance));

    private static IKubeResource? Resource(PSObject instance) => instance?.BaseObject as IKubeResource;

    private static T? Safe<T>(PSObject instance, Func<IKubeResource, T?> typed, Func<Unstructured, T?> unstructured)
    {
        try
        {
            return instance?.BaseObject switch
            {
                IKubeResource r => typed(r),
                Unstructured u => unstructured(u),
                _ => default,
            };
        }
        catch (NestedFieldException)
        {
            return default;
        }
    }
}
