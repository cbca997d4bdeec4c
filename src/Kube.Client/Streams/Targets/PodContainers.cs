using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Streams.Targets;

/// <summary>
/// A pod's containers as streams name them: every name, the main ones, the default one
/// (kubectl's rule) and a list for messages. What a stream may do with them is
/// <see cref="PodTargetResolver"/>'s to decide.
/// </summary>
public static class PodContainers
{
    /// <summary>The annotation that names the container kubectl logs and exec pick by default.</summary>
    public const string DefaultContainerAnnotation = "kubectl.kubernetes.io/default-container";

    /// <summary>Every container name of the pod: init containers, containers, then ephemeral containers.</summary>
    public static IReadOnlyList<string> Names(Pod pod)
    {
        var spec = pod.Spec;
        var names = new List<string>();
        if (spec is null) return names;
        foreach (var c in spec.InitContainers ?? Enumerable.Empty<Container>()) if (c.Name is { Length: > 0 } n) names.Add(n);
        foreach (var c in spec.Containers ?? Enumerable.Empty<Container>()) if (c.Name is { Length: > 0 } n) names.Add(n);
        foreach (var c in spec.EphemeralContainers ?? Enumerable.Empty<EphemeralContainer>()) if (c.Name is { Length: > 0 } n) names.Add(n);
        return names;
    }

    /// <summary>The (non-init) containers, in spec order.</summary>
    public static IReadOnlyList<string> MainNames(Pod pod) =>
        (pod.Spec?.Containers ?? Enumerable.Empty<Container>()).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();

    /// <summary>kubectl's default container: the one the annotation names if it exists, else the first.</summary>
    public static string? Default(Pod pod)
    {
        var main = MainNames(pod);
        if (pod.Metadata?.Annotations is { } annotations && annotations.TryGetValue(DefaultContainerAnnotation, out var named) && main.Contains(named))
            return named;
        return main.Count > 0 ? main[0] : null;
    }

    /// <summary>"web, sidecar (init: setup)": the containers for a message.</summary>
    public static string Describe(Pod pod)
    {
        var spec = pod.Spec;
        var main = MainNames(pod);
        var init = (spec?.InitContainers ?? Enumerable.Empty<Container>()).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).ToList();
        var ephemeral = (spec?.EphemeralContainers ?? Enumerable.Empty<EphemeralContainer>()).Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).ToList();
        string text = main.Count == 0 ? "(none)" : string.Join(", ", main);
        if (init.Count > 0) text += $" (init: {string.Join(", ", init)})";
        if (ephemeral.Count > 0) text += $" (ephemeral: {string.Join(", ", ephemeral)})";
        return text;
    }
}
