using System;
using System.Management.Automation.Runspaces;
using System.Reflection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Formatting;

/// <summary>
/// The members the module adds to its objects (what a types.ps1xml file would hold): top-level
/// Name, Namespace and Age on the models, so that pipeline binding by property name works and the
/// views can show kubectl's columns, and the adapter that makes an Unstructured object's JSON
/// fields properties (<c>$u.spec.replicas</c>). The psm1 adds them with <c>Update-TypeData -TypeData</c>.
/// </summary>
/// <remarks>
/// Why not a types file: <c>Update-TypeData -PrependPath</c> (and a manifest's TypesToProcess)
/// clears the session's whole type table and loads every types entry again, PowerShell's own
/// included. That was about 130 ms of CPU of a ~500 ms import (measured, issue 10 §2); adding
/// TypeData objects only adds these five types.
/// </remarks>
public static class TypeMembers
{
    /// <summary>The type data to add to a session; new objects each call (PowerShell keeps them).</summary>
    public static TypeData[] Create()
    {
        var pod = new TypeData("Kube.Client.Models.CoreV1.Pod");
        AddCode(pod, "Name", typeof(ResourceView), nameof(ResourceView.Name));
        AddCode(pod, "Namespace", typeof(ResourceView), nameof(ResourceView.Namespace));
        AddCode(pod, "Age", typeof(ResourceView), nameof(ResourceView.Age));
        AddCode(pod, "Ready", typeof(PodView), nameof(PodView.Ready));
        AddCode(pod, "PodStatus", typeof(PodView), nameof(PodView.Status));
        AddCode(pod, "Restarts", typeof(PodView), nameof(PodView.Restarts));

        var ns = new TypeData("Kube.Client.Models.CoreV1.Namespace");
        AddCode(ns, "Name", typeof(ResourceView), nameof(ResourceView.Name));
        // A namespace piped where a namespace is expected stands for itself: Get-KubeNamespace | Get-KubePod.
        AddCode(ns, "Namespace", typeof(ResourceView), nameof(ResourceView.OwnName));
        AddCode(ns, "Age", typeof(ResourceView), nameof(ResourceView.Age));
        AddCode(ns, "Phase", typeof(NamespaceView), nameof(NamespaceView.Status));

        // Any typed model written by a generic cmdlet (Get-KubeResource, ConvertFrom-KubeYaml) carries
        // this type name after its own (ResourceOutput.ToPipeline): kinds without a view of their own
        // get these members and the generic table view.
        var resource = new TypeData("Kube.Client.Models.IKubeResource");
        AddCode(resource, "Name", typeof(ResourceView), nameof(ResourceView.Name));
        AddCode(resource, "Namespace", typeof(ResourceView), nameof(ResourceView.Namespace));
        AddCode(resource, "Age", typeof(ResourceView), nameof(ResourceView.Age));

        // Unstructured objects: their JSON fields are properties through the adapter; Name,
        // Namespace, Kind and ApiVersion are .NET properties already.
        var unstructured = new TypeData("Kube.Client.Models.Unstructured") { TypeAdapter = typeof(UnstructuredAdapter) };
        AddCode(unstructured, "Age", typeof(ResourceView), nameof(ResourceView.Age));

        var map = new TypeData("Kube.PowerShell.Objects.UnstructuredMap") { TypeAdapter = typeof(UnstructuredAdapter) };

        return new[] { pod, ns, resource, unstructured, map };
    }

    private static void AddCode(TypeData type, string name, Type holder, string method)
    {
        var getter = holder.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{holder.FullName}.{method} is missing");
        type.Members.Add(name, new CodePropertyData(name, getter));
    }
}
