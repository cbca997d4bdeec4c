using System;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Watch;

/// <summary>One change Watch-KubeResource saw: what happened, to which object, and the object before and after.</summary>
public sealed class KubeResourceEvent
{
    internal KubeResourceEvent(ResourceChange<Unstructured> change)
    {
        Type = change.Type;
        var obj = change.Object;
        Kind = obj.Kind ?? "";
        ApiVersion = obj.ApiVersion ?? "";
        Name = obj.Name ?? "";
        Namespace = obj.Namespace;
        ResourceVersion = obj.ResourceVersion;
        CreationTimestamp = obj.CreationTimestamp;
        Object = ResourceOutput.For(obj);
        OldObject = change.OldObject is { } old ? ResourceOutput.For(old) : null;
        Time = change.Time;
        IsInitial = change.IsInInitialList;
        FinalStateUnknown = change.FinalStateUnknown;
    }

    /// <summary>Added, Modified or Deleted.</summary>
    public ResourceChangeType Type { get; }

    public string Kind { get; }

    public string ApiVersion { get; }

    public string Name { get; }

    /// <summary>Null for cluster-scoped objects.</summary>
    public string? Namespace { get; }

    public string? ResourceVersion { get; }

    /// <summary>The object after the change (its last state for Deleted): the typed model when one exists, else an Unstructured object.</summary>
    public object Object { get; }

    /// <summary>The object before the change, for Modified; null otherwise.</summary>
    public object? OldObject { get; }

    /// <summary>When the change was seen (UTC).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>An Added for an object that existed when the watch started (-IncludeInitial).</summary>
    public bool IsInitial { get; }

    /// <summary>A Deleted found by a relist after the watch was down: Object is the last state seen, perhaps older than the deleted one.</summary>
    public bool FinalStateUnknown { get; }

    internal DateTimeOffset? CreationTimestamp { get; }

    /// <summary>How old the object is, from its creationTimestamp.</summary>
    public TimeSpan? Age => CreationTimestamp is DateTimeOffset created ? DateTimeOffset.UtcNow - created : null;

    public override string ToString() => $"{Type} {Kind} {(Namespace is null ? "" : Namespace + "/")}{Name}";
}
