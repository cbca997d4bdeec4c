using System;
using System.Management.Automation;
using System.Text.Json;
using Kube.Client.Models;

namespace Kube.PowerShell.Objects;

/// <summary>
/// What a generic cmdlet writes for an object the dynamic client returned: the typed model when
/// one exists for its apiVersion and kind (so Get-KubeResource -Kind Pod emits what Get-KubePod
/// emits), the Unstructured object otherwise (CRDs, kinds newer than the models).
/// </summary>
public static class ResourceOutput
{
    /// <summary>
    /// The type name <see cref="ForPipeline"/> adds to typed models, after their own: the types and
    /// format files give it Name, Namespace and Age and a NAMESPACE/NAME/KIND/AGE table, so a kind
    /// without a view of its own (Deployment, ConfigMap...) still shows well.
    /// </summary>
    public const string ResourceTypeName = "Kube.Client.Models.IKubeResource";

    /// <summary>
    /// The typed model when there is one; the object itself when there is none, or when its fields
    /// do not fit the model (a server newer than the models), so nothing the server sent is lost.
    /// </summary>
    public static object For(Unstructured obj)
    {
        try
        {
            return UnstructuredConverter.TryFromUnstructured(obj, out var typed) ? typed : obj;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return obj;
        }
    }

    /// <summary><see cref="For"/>, ready for WriteObject: typed models carry <see cref="ResourceTypeName"/>.</summary>
    public static PSObject ForPipeline(Unstructured obj) => ToPipeline(For(obj));

    /// <summary>Wraps a typed model so the generic members and view apply; other objects pass as they are.</summary>
    public static PSObject ToPipeline(object output)
    {
        var ps = PSObject.AsPSObject(output);
        if (output is IKubeResource && !ps.TypeNames.Contains(ResourceTypeName))
            ps.TypeNames.Insert(Math.Max(ps.TypeNames.Count - 1, 1), ResourceTypeName);
        return ps;
    }
}
