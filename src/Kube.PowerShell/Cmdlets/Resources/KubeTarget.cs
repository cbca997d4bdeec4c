using Kube.Client.Mapping;

namespace Kube.PowerShell.Cmdlets.Resources;

/// <summary>One object a <see cref="KubeTargetCmdlet"/> works on: its resource, namespace and name.</summary>
public sealed class KubeTarget
{
    public KubeTarget(RestMapping mapping, string? @namespace, string name, object? inputObject)
    {
        Mapping = mapping;
        Namespace = mapping.Namespaced ? @namespace : null;
        Name = name;
        InputObject = inputObject;
    }

    public RestMapping Mapping { get; }

    /// <summary>The namespace of a namespaced object; null for a cluster-scoped one.</summary>
    public string? Namespace { get; }

    public string Name { get; }

    /// <summary>The pipeline object it came from; null when named by -Kind and -Name.</summary>
    public object? InputObject { get; }

    public string Kind => Mapping.GroupVersionKind.Kind;

    /// <summary>"Deployment/web in namespace shop": what -WhatIf, -Confirm, progress and errors name.</summary>
    public string Description => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Name} in namespace {Namespace}";

    /// <summary>The error target: the piped object, or else the description.</summary>
    public object ErrorTarget => InputObject ?? Description;

    public override string ToString() => Description;
}
