using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Kube.Generator.Spec;

/// <summary>An OpenAPI v2 document reduced to what code generation needs: definitions and operations.</summary>
public sealed class ApiSpec
{
    private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch" };

    private ApiSpec(string? title, string? version, IReadOnlyDictionary<string, SchemaNode> definitions, IReadOnlyList<ApiOperation> operations)
    {
        Title = title;
        Version = version;
        Definitions = definitions;
        Operations = operations;
    }

    public string? Title { get; }
    public string? Version { get; }

    /// <summary>Definitions by full name ("io.k8s.api.core.v1.Pod").</summary>
    public IReadOnlyDictionary<string, SchemaNode> Definitions { get; }

    /// <summary>Operations in document order.</summary>
    public IReadOnlyList<ApiOperation> Operations { get; }

    public static ApiSpec Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new SpecException($"{source} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("swagger", out var swagger) || swagger.GetString() != "2.0")
                throw new SpecException($"{source} is not an OpenAPI v2 document: expected a top-level \"swagger\": \"2.0\".");
            if (!root.TryGetProperty("definitions", out var definitionsElement) || definitionsElement.ValueKind != JsonValueKind.Object)
                throw new SpecException($"{source} has no \"definitions\" object.");

            var definitions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var definition in definitionsElement.EnumerateObject())
                definitions[definition.Name] = SchemaNode.Read(definition.Value, "definitions." + definition.Name);

            var operations = new List<ApiOperation>();
            if (root.TryGetProperty("paths", out var paths))
            {
                foreach (var path in paths.EnumerateObject())
                {
                    JsonElement? shared = path.Value.TryGetProperty("parameters", out var p) ? p : null;
                    foreach (string method in Methods)
                    {
                        if (path.Value.TryGetProperty(method, out var operation))
                            operations.Add(ApiOperation.Read(path.Name, method, operation, shared));
                    }
                }
            }

            string? title = null, version = null;
            if (root.TryGetProperty("info", out var info))
            {
                title = info.TryGetProperty("title", out var t) ? t.GetString() : null;
                version = info.TryGetProperty("version", out var v) ? v.GetString() : null;
            }
            return new ApiSpec(title, version, definitions, operations);
        }
    }
}
