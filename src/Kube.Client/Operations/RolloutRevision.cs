using System;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Operations;

/// <summary>
/// One revision in the rollout history of a Deployment (one of its ReplicaSets), StatefulSet or
/// DaemonSet (one of its ControllerRevisions): kubectl rollout history's REVISION and CHANGE-CAUSE,
/// with the pod template of that revision.
/// </summary>
public sealed class RolloutRevision
{
    public RolloutRevision(RolloutKind kind, string @namespace, string name, long revision, string? changeCause,
        string sourceKind, string sourceName, DateTimeOffset? created, PodTemplateSpec? template)
    {
        Kind = kind;
        Namespace = @namespace;
        Name = name;
        Revision = revision;
        ChangeCause = changeCause;
        SourceKind = sourceKind;
        SourceName = sourceName;
        Created = created;
        Template = template;
    }

    /// <summary>The kind of the object whose history this is.</summary>
    public RolloutKind Kind { get; }

    public string Namespace { get; }

    /// <summary>The name of the object whose history this is.</summary>
    public string Name { get; }

    public long Revision { get; }

    /// <summary>The kubernetes.io/change-cause annotation of the revision; null when it has none (kubectl prints &lt;none&gt;).</summary>
    public string? ChangeCause { get; }

    /// <summary>What holds the revision: ReplicaSet (Deployments) or ControllerRevision.</summary>
    public string SourceKind { get; }

    public string SourceName { get; }

    /// <summary>When the ReplicaSet or ControllerRevision was created.</summary>
    public DateTimeOffset? Created { get; }

    /// <summary>The pod template of this revision.</summary>
    public PodTemplateSpec? Template { get; }

    public override string ToString() => $"{Kind} {Namespace}/{Name} revision {Revision}";
}
