using Kube.Client.Models;

namespace Kube.PowerShell.Resources;

/// <summary>
/// What a generic cmdlet writes for an object the dynamic client returned: the typed model when
/// one exists for its apiVersion and kind (so Get-KubeResource -Kind Pod emits what Get-KubePod
/// emits), the Unstructured object otherwise (CRDs, kinds newer than the models).
/// </summary>
public static class ResourceOutput
{
    public static object For(Unstructured obj) =>
        UnstructuredConverter.TryFromUnstructured(obj, out var typed) ? typed : obj;
}
