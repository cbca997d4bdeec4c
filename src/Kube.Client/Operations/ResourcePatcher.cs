using System;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl patch: a patch of the type asked for, or else of the kind's default type. kubectl defaults
/// to a strategic merge patch, which only built-in kinds support (the server answers 415 for custom
/// resources); a kind without a model here gets a merge patch instead.
/// </summary>
public static class ResourcePatcher
{
    /// <summary>Strategic merge for kinds with a model (the built-in kinds), merge for the others (custom resources).</summary>
    public static PatchType DefaultTypeFor(GroupVersionKind kind) =>
        ModelRegistry.TryGet(kind, out _) ? PatchType.StrategicMerge : PatchType.Merge;

    /// <summary>
    /// Patches the object <paramref name="name"/> of <paramref name="kind"/> with <paramref name="patch"/>, of
    /// <paramref name="type"/> or (null) the kind's <see cref="DefaultTypeFor">default type</see>.
    /// </summary>
    /// <exception cref="ArgumentException">No name, or a patch whose shape does not fit its type (a JSON patch is a list of operations, the others an object).</exception>
    public static Task<Unstructured> PatchAsync(DynamicResourceClient client, GroupVersionKind kind, string name, JsonNode patch, PatchType? type = null,
        PatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (patch is null) throw new ArgumentNullException(nameof(patch));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"a name is required to patch a {kind.Kind}", nameof(name));
        var patchType = type ?? DefaultTypeFor(kind);
        if (patchType == PatchType.Json ? patch is not JsonArray : patch is not JsonObject)
        {
            throw new ArgumentException(patchType == PatchType.Json
                ? "a JSON patch is a list of operations, such as [{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]"
                : $"a {Describe(patchType)} is an object with the fields to change, such as {{\"spec\":{{\"replicas\":3}}}}; for a list of operations use a JSON patch", nameof(patch));
        }
        return client.PatchAsync(name, patchType, patch, options, cancellationToken: cancellationToken);
    }

    /// <summary>"strategic merge patch", "merge patch", "JSON patch", "apply patch".</summary>
    public static string Describe(PatchType type) => type switch
    {
        PatchType.Json => "JSON patch",
        PatchType.StrategicMerge => "strategic merge patch",
        PatchType.Apply => "apply patch",
        _ => "merge patch",
    };
}
