using System.Text.Json;

namespace Kube.Generator.Spec;

/// <summary>One HTTP method of one path: the Kubernetes action, its kind, and the body and response schemas.</summary>
public sealed class ApiOperation
{
    private ApiOperation(string path, string method, string? action, GroupVersionKindRef? kind, SchemaNode? body, SchemaNode? response)
    {
        Path = path;
        Method = method;
        Action = action;
        Kind = kind;
        Body = body;
        Response = response;
    }

    public string Path { get; }

    /// <summary>Lower-case HTTP method: get, put, post, patch, delete, head, options.</summary>
    public string Method { get; }

    /// <summary>x-kubernetes-action: get, list, watch, watchlist, post, put, patch, delete, deletecollection, connect.</summary>
    public string? Action { get; }

    public GroupVersionKindRef? Kind { get; }
    public SchemaNode? Body { get; }

    /// <summary>The schema of the 200 response (201 when there is no 200).</summary>
    public SchemaNode? Response { get; }

    public static ApiOperation Read(string path, string method, JsonElement operation, JsonElement? pathParameters)
    {
        string where = $"paths.{path}.{method}";
        string? action = operation.TryGetProperty("x-kubernetes-action", out var a) ? a.GetString() : null;
        var kinds = GroupVersionKindRef.ReadAll(operation, where);
        if (kinds.Count > 1) throw new SpecException($"{where}: an operation has at most one x-kubernetes-group-version-kind.");

        SchemaNode? body = null;
        foreach (var parameters in new[] { pathParameters, operation.TryGetProperty("parameters", out var p) ? p : (JsonElement?)null })
        {
            if (parameters is null) continue;
            foreach (var parameter in parameters.Value.EnumerateArray())
            {
                string? location = parameter.TryGetProperty("in", out var i) ? i.GetString() : null;
                if (location == "body" && parameter.TryGetProperty("schema", out var schema))
                    body = SchemaNode.Read(schema, where + ".body");
            }
        }

        SchemaNode? response = null;
        if (operation.TryGetProperty("responses", out var responses))
        {
            foreach (string code in new[] { "200", "201" })
            {
                if (responses.TryGetProperty(code, out var r) && r.TryGetProperty("schema", out var schema))
                {
                    response = SchemaNode.Read(schema, $"{where}.responses.{code}");
                    break;
                }
            }
        }

        return new ApiOperation(path, method, action, kinds.Count == 1 ? kinds[0] : null, body, response);
    }
}
