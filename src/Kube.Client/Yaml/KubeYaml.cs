using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;

namespace Kube.Client.Yaml;

/// <summary>
/// Kubernetes objects in and out of YAML: manifests become <see cref="Unstructured"/> objects
/// (each document must name its apiVersion and kind; List kinds expand to their items as kubectl
/// expands them), and typed models, unstructured objects or JSON trees become YAML documents.
/// </summary>
public static class KubeYaml
{
    /// <summary>Reads the objects of a manifest (one or many documents; empty ones are skipped).</summary>
    /// <exception cref="KubeYamlException">Invalid YAML, or a document that is not an object with apiVersion and kind.</exception>
    public static IReadOnlyList<Unstructured> ReadObjects(string text, string? source = null) =>
        ToObjects(KubeYamlReader.ReadDocuments(text, source));

    public static async Task<IReadOnlyList<Unstructured>> ReadObjectsFromFileAsync(string path, CancellationToken cancellationToken = default) =>
        ToObjects(await KubeYamlReader.ReadFileAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>The objects of the given documents; see <see cref="ReadObjects(string, string?)"/>.</summary>
    public static IReadOnlyList<Unstructured> ToObjects(IEnumerable<YamlDocument> documents)
    {
        var objects = new List<Unstructured>();
        foreach (var document in documents)
        {
            if (document.Content is null) continue;
            if (document.Content is not JsonObject content)
                throw new KubeYamlException($"document {document.Index + 1} is a {Describe(document.Content)}, not an object with apiVersion and kind", document.Source, document.Line, null);
            var obj = Checked(content, document, "");
            if (IsList(obj, out var items))
            {
                for (int i = 0; i < items!.Count; i++)
                {
                    if (items[i] is not JsonObject item)
                        throw new KubeYamlException($"document {document.Index + 1}: items[{i}] is a {Describe(items[i])}, not an object", document.Source, document.Line, null);
                    objects.Add(Checked((JsonObject)item.DeepClone(), document, $"items[{i}] "));
                }
                continue;
            }
            objects.Add(obj);
        }
        return objects;
    }

    /// <summary>YAML for one object: a typed model, an <see cref="Unstructured"/>, a JsonNode or a JsonElement.</summary>
    public static string Write(object? obj) => KubeYamlWriter.Write(ToJsonNode(obj));

    /// <summary>YAML for several objects, separated by "---".</summary>
    public static string WriteAll(IEnumerable<object?> objects) => KubeYamlWriter.Write(objects.Select(ToJsonNode));

    /// <summary>The JSON tree of a typed model (through its source-generated serializer), an Unstructured, or JSON.</summary>
    public static JsonNode? ToJsonNode(object? obj) => obj switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        Unstructured u => u.Content.DeepClone(),
        UnstructuredList list => JsonNode.Parse(list.ToJson()),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        string s => JsonValue.Create(s),
        _ when ModelRegistry.TryGetKind(obj.GetType(), out var kind) && ModelRegistry.TryGet(kind, out var reg) =>
            JsonSerializer.SerializeToNode(obj, reg.TypeInfo),
        _ when ListRegistration(obj.GetType()) is { ListTypeInfo: { } listInfo } =>
            JsonSerializer.SerializeToNode(obj, listInfo),
        _ => throw new ArgumentException($"{obj.GetType().FullName} is not a Kubernetes model, an Unstructured object or JSON; it has no YAML form here.", nameof(obj)),
    };

    private static ModelRegistration? ListRegistration(Type type) =>
        ModelRegistry.All.FirstOrDefault(r => r.ListType == type);

    private static Unstructured Checked(JsonObject content, YamlDocument document, string where)
    {
        string? apiVersion = (content["apiVersion"] as JsonValue)?.TryGetValue<string>(out var a) == true ? a : null;
        string? kind = (content["kind"] as JsonValue)?.TryGetValue<string>(out var k) == true ? k : null;
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            string missing = string.IsNullOrEmpty(apiVersion) && string.IsNullOrEmpty(kind) ? "apiVersion and kind" : string.IsNullOrEmpty(apiVersion) ? "apiVersion" : "kind";
            throw new KubeYamlException($"document {document.Index + 1}: {where}has no {missing} (every object needs both, e.g. apiVersion: v1 and kind: ConfigMap)", document.Source, document.Line, null);
        }
        return new Unstructured(content);
    }

    private static bool IsList(Unstructured obj, out JsonArray? items)
    {
        items = null;
        if (obj.Kind is not { } kind || !kind.EndsWith("List", StringComparison.Ordinal)) return false;
        if (obj.Content["items"] is not JsonArray array) return false;
        items = array;
        return true;
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "list",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue => "scalar",
        _ => "value",
    };
}
