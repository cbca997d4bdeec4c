using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Operations;

/// <summary>Pod template comparison as the deployment controller and kubectl rollout undo make it.</summary>
internal static class PodTemplates
{
    /// <summary>The label the deployment controller adds to each ReplicaSet's template, which the Deployment's own template lacks.</summary>
    public const string HashLabel = "pod-template-hash";

    public static JsonObject ToJson(PodTemplateSpec? template) =>
        template is null ? new JsonObject() : (JsonObject)JsonSerializer.SerializeToNode(template, KubeJsonContext.Default.CoreV1PodTemplateSpec)!;

    public static PodTemplateSpec FromJson(JsonObject template) =>
        template.Deserialize(KubeJsonContext.Default.CoreV1PodTemplateSpec) ?? new PodTemplateSpec();

    /// <summary>A copy of the template without <see cref="HashLabel"/>.</summary>
    public static JsonObject WithoutHash(PodTemplateSpec? template)
    {
        var json = ToJson(template);
        if (json["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(HashLabel);
            if (labels.Count == 0) ((JsonObject)json["metadata"]!).Remove("labels");
        }
        return json;
    }

    /// <summary>
    /// Semantic equality apart from <see cref="HashLabel"/>: a null, an empty list or map and a missing
    /// field count as the same (as apimachinery's semantic DeepEqual has it).
    /// </summary>
    public static bool EqualIgnoringHash(PodTemplateSpec? a, PodTemplateSpec? b) =>
        SemanticEquals(WithoutHash(a), WithoutHash(b));

    public static bool SemanticEquals(JsonNode? a, JsonNode? b) =>
        UnstructuredJson.DeepEquals(Normalize(a), Normalize(b));

    /// <summary>A copy without nulls and without empty lists and maps, at any depth (null when nothing is left).</summary>
    public static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                var copy = new JsonObject();
                foreach (var property in obj.ToList())
                {
                    var value = Normalize(property.Value);
                    if (value is not null) copy[property.Key] = value;
                }
                return copy.Count == 0 ? null : copy;
            }
            case JsonArray array:
            {
                var copy = new JsonArray();
                foreach (var item in array.ToList()) copy.Add(Normalize(item) ?? new JsonObject());
                return copy.Count == 0 ? null : copy;
            }
            default:
                return node.DeepClone();
        }
    }
}
