using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Labels;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Operations;

/// <summary>
/// Where the revisions of a rolling object live: the ReplicaSets a Deployment controls, or the
/// ControllerRevisions a StatefulSet or DaemonSet controls; both found by the owner's selector and
/// kept only when the owner is their controller (by uid), as kubectl does.
/// </summary>
internal static class RolloutSources
{
    public const string ChangeCauseAnnotation = "kubernetes.io/change-cause";

    public static async Task<List<ReplicaSet>> ReplicaSetsAsync(Clientset clientset, Deployment deployment, CancellationToken cancellationToken)
    {
        var selector = Selector.FromLabelSelector(deployment.Spec?.Selector);
        if (selector.Equals(Selector.Nothing)) return new List<ReplicaSet>();
        var list = await clientset.AppsV1().ReplicaSets(deployment.Metadata!.Namespace!)
            .ListAsync(new ListOptions { LabelSelector = selector.ToString() }, cancellationToken).ConfigureAwait(false);
        return list.Items?.Where(rs => IsControlledBy(rs.Metadata, deployment.Metadata)).ToList() ?? new List<ReplicaSet>();
    }

    public static async Task<List<ControllerRevision>> ControllerRevisionsAsync(Clientset clientset, ObjectMeta owner, LabelSelector? labelSelector, CancellationToken cancellationToken)
    {
        var selector = Selector.FromLabelSelector(labelSelector);
        if (selector.Equals(Selector.Nothing)) return new List<ControllerRevision>();
        var list = await clientset.AppsV1().ControllerRevisions(owner.Namespace!)
            .ListAsync(new ListOptions { LabelSelector = selector.ToString() }, cancellationToken).ConfigureAwait(false);
        return list.Items?.Where(cr => IsControlledBy(cr.Metadata, owner)).ToList() ?? new List<ControllerRevision>();
    }

    public static bool IsControlledBy(ObjectMeta? meta, ObjectMeta? owner) =>
        owner?.Uid is { Length: > 0 } uid && meta?.OwnerReferences?.Any(r => r.Controller == true && r.Uid == uid) == true;

    public static string? ChangeCause(ObjectMeta? meta) =>
        meta?.Annotations is { } annotations && annotations.TryGetValue(ChangeCauseAnnotation, out var cause) && cause.Length > 0 ? cause : null;

    /// <summary>The pod template a ControllerRevision holds: its data is a patch that replaces spec.template whole.</summary>
    public static PodTemplateSpec? Template(ControllerRevision revision)
    {
        if (TemplateJson(revision) is not { } template) return null;
        return PodTemplates.FromJson(template);
    }

    /// <summary>data.spec.template without the patch directive; null when the revision holds none.</summary>
    public static JsonObject? TemplateJson(ControllerRevision revision)
    {
        if (revision.Data is not { } data || data.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
        if (JsonNode.Parse(data.GetRawText())?["spec"]?["template"] is not JsonObject template) return null;
        template.Remove("$patch");
        template.Parent!.AsObject().Remove("template");
        return template;
    }

    public static string Describe(RolloutKind kind, string @namespace, string name) => $"{kind} {@namespace}/{name}";

    public static void CheckTarget(RolloutKind kind, string @namespace, string name)
    {
        if (string.IsNullOrEmpty(@namespace)) throw new ArgumentException($"a {kind} is namespaced: name its namespace", nameof(@namespace));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"the name of the {kind} is empty", nameof(name));
    }
}
