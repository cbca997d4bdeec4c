using System;
using System.Collections.Generic;

namespace Kube.Client.Streams.Targets;

/// <summary>A container was named (or needed) that the pod does not have; the message lists the ones it has.</summary>
public sealed class ContainerNotFoundException : Exception
{
    public ContainerNotFoundException(string @namespace, string pod, string? container, IReadOnlyList<string> containers, string message, Exception? inner = null)
        : base(message, inner)
    {
        Namespace = @namespace;
        Pod = pod;
        Container = container;
        Containers = containers;
    }

    public string Namespace { get; }

    public string Pod { get; }

    /// <summary>The name asked for; null when none was given and the pod has several.</summary>
    public string? Container { get; }

    /// <summary>The pod's containers: init containers, containers, ephemeral containers.</summary>
    public IReadOnlyList<string> Containers { get; }
}
