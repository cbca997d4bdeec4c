using System;
using Kube.Client.Schema;

namespace Kube.Client.Operations;

/// <summary>The resource has no scale subresource, so it cannot be scaled.</summary>
public sealed class NotScalableException : ArgumentException
{
    public NotScalableException(GroupVersionResource resource)
        : base($"{resource.GroupResource} has no scale subresource, so it cannot be scaled; scalable kinds include Deployments, ReplicaSets, StatefulSets, ReplicationControllers and custom resources whose CRD enables the scale subresource")
    {
        Resource = resource;
    }

    public GroupVersionResource Resource { get; }
}
