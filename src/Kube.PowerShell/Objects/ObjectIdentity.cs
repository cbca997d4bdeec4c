using System;
using System.Management.Automation;
using Kube.Client.Models;
using Kube.Client.Schema;
using Kube.PowerShell.Cmdlets.Watch;

namespace Kube.PowerShell.Objects;

/// <summary>
/// What a Kubernetes object in the pipeline names: its kind, namespace, name and uid. Objects of
/// Get-/New-/Wait- cmdlets (typed models or Unstructured) and Watch-KubeResource events (their
/// object) all qualify; a typed model read from a list, which carries no apiVersion or kind, gets
/// them from its type.
/// </summary>
internal sealed class ObjectIdentity
{
    private ObjectIdentity(object obj, GroupVersionKind kind, string name, string? @namespace, string? uid)
    {
        Object = obj;
        Kind = kind;
        Name = name;
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        Uid = string.IsNullOrEmpty(uid) ? null : uid;
    }

    /// <summary>The object itself (unwrapped from its PSObject or event).</summary>
    public object Object { get; }

    public GroupVersionKind Kind { get; }

    public string Name { get; }

    public string? Namespace { get; }

    public string? Uid { get; }

    /// <summary>The identity of <paramref name="input"/>; false when it is no Kubernetes object with apiVersion, kind and metadata.name.</summary>
    public static bool TryRead(object? input, out ObjectIdentity identity)
    {
        identity = null!;
        object? obj = input is PSObject ps ? ps.BaseObject : input;
        if (obj is KubeResourceEvent change) obj = change.Object;
        if (obj is not IKubeObject typed || !ObjectMetaAccessor.TryFor(obj, out var meta) || string.IsNullOrEmpty(meta.Name)) return false;
        GroupVersionKind kind;
        if ((string.IsNullOrEmpty(typed.ApiVersion) || string.IsNullOrEmpty(typed.Kind)) && ModelRegistry.TryGetKind(obj.GetType(), out var registered))
        {
            kind = registered;
        }
        else
        {
            if (string.IsNullOrEmpty(typed.ApiVersion) || string.IsNullOrEmpty(typed.Kind)) return false;
            try
            {
                kind = GroupVersion.Parse(typed.ApiVersion!).WithKind(typed.Kind!);
            }
            catch (FormatException)
            {
                return false;
            }
        }
        identity = new ObjectIdentity(obj, kind, meta.Name!, meta.Namespace, meta.Uid);
        return true;
    }

    /// <summary>The error for an input that is no Kubernetes object, naming what was expected.</summary>
    public static ErrorRecord NotAnObject(object? input, string verb)
    {
        object? obj = input is PSObject ps ? ps.BaseObject : input;
        string what = obj is null ? "null" : "a " + obj.GetType().Name;
        return new ErrorRecord(
            new ArgumentException($"Cannot {verb} {what}: expected a Kubernetes object with apiVersion, kind and metadata.name (from Get-KubeResource, Get-KubePod or Watch-KubeResource)."),
            NotAKubernetesObject, ErrorCategory.InvalidArgument, obj);
    }

    public const string NotAKubernetesObject = nameof(NotAKubernetesObject);

    public override string ToString() => Namespace is null ? $"{Kind.Kind}/{Name}" : $"{Kind.Kind}/{Name} in namespace {Namespace}";
}
