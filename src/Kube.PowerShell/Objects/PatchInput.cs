using System;
using System.Management.Automation;
using System.Text.Json.Nodes;
using Kube.Client.Yaml;

namespace Kube.PowerShell.Objects;

/// <summary>The -Patch of Update-KubeResource: JSON or YAML text, a hashtable or PSCustomObject, or (for -Type Json) a list of operations.</summary>
internal static class PatchInput
{
    /// <summary>The patch as JSON: text (JSON or YAML) is parsed so a typo fails here with its line, not at the server.</summary>
    public static JsonNode Read(object? patch, string? type)
    {
        if (patch is PSObject pso && pso.BaseObject is not PSCustomObject) patch = pso.BaseObject;
        JsonNode? node;
        if (patch is string text)
        {
            var documents = KubeYamlReader.ReadDocuments(text, "-Patch");
            if (documents.Count != 1)
                throw new ArgumentException($"-Patch holds {documents.Count} documents; expected one JSON or YAML patch");
            node = documents[0].Content;
        }
        else
        {
            node = PowerShellJson.ToJsonNode(patch);
        }
        if (type == "Json")
        {
            if (node is not JsonArray)
                throw new ArgumentException("-Type Json needs a JSON patch: a list of operations such as @(@{ op = 'replace'; path = '/spec/replicas'; value = 3 })");
        }
        else if (node is not JsonObject)
        {
            throw new ArgumentException($"a {(type ?? "merge").ToLowerInvariant()} patch is an object with the fields to change, such as @{{ spec = @{{ replicas = 3 }} }}; for a list of operations use -Type Json");
        }
        return node;
    }
}
