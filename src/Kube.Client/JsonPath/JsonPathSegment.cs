using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Kube.Client.JsonPath;

/// <summary>One step of a parsed JSONPath: from each node it is given, the nodes it selects.</summary>
internal abstract class JsonPathSegment
{
    public abstract IEnumerable<JsonNode?> Select(JsonNode? node);
}
