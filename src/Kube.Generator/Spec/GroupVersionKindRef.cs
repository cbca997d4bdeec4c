using System.Collections.Generic;
using System.Text.Json;

namespace Kube.Generator.Spec;

/// <summary>An entry of "x-kubernetes-group-version-kind".</summary>
public sealed record GroupVersionKindRef(string Group, string Version, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public static IReadOnlyList<GroupVersionKindRef> ReadAll(JsonElement element, string where)
    {
        var result = new List<GroupVersionKindRef>();
        if (!element.TryGetProperty("x-kubernetes-group-version-kind", out var gvks)) return result;
        if (gvks.ValueKind == JsonValueKind.Object)
        {
            result.Add(Read(gvks, where));
            return result;
        }
        if (gvks.ValueKind != JsonValueKind.Array)
            throw new SpecException($"{where}: x-kubernetes-group-version-kind must be an object or an array, found {gvks.ValueKind}.");
        foreach (var gvk in gvks.EnumerateArray()) result.Add(Read(gvk, where));
        return result;
    }

    private static GroupVersionKindRef Read(JsonElement gvk, string where)
    {
        string Field(string name) =>
            gvk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new SpecException($"{where}: x-kubernetes-group-version-kind entry lacks the string field '{name}'.");
        return new GroupVersionKindRef(Field("group"), Field("version"), Field("kind"));
    }

    public override string ToString() => ApiVersion + ", Kind=" + Kind;
}
