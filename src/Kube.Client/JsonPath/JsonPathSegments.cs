using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kube.Client.JsonPath;

/// <summary>The segment kinds of the subset <see cref="JsonPathExpression"/> understands.</summary>
internal static class JsonPathSegments
{
    /// <summary>.name or ['name']: a field of an object.</summary>
    internal sealed class Field : JsonPathSegment
    {
        public Field(string name) => Name = name;

        public string Name { get; }

        public override IEnumerable<JsonNode?> Select(JsonNode? node)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value)) yield return value;
        }
    }

    /// <summary>[n] (negative counts from the end): an item of an array.</summary>
    internal sealed class Index : JsonPathSegment
    {
        public Index(int index) => Position = index;

        public int Position { get; }

        public override IEnumerable<JsonNode?> Select(JsonNode? node)
        {
            if (node is not JsonArray array) yield break;
            int i = Position < 0 ? array.Count + Position : Position;
            if (i >= 0 && i < array.Count) yield return array[i];
        }
    }

    /// <summary>[*] or .*: every item of an array, every field value of an object.</summary>
    internal sealed class Wildcard : JsonPathSegment
    {
        public override IEnumerable<JsonNode?> Select(JsonNode? node) => node switch
        {
            JsonArray array => array,
            JsonObject obj => obj.Select(p => p.Value),
            _ => Enumerable.Empty<JsonNode?>(),
        };
    }

    /// <summary>[?(@.path)], [?(@.path == literal)], [?(@.path != literal)]: the items of an array (or the value itself) that match.</summary>
    internal sealed class Filter : JsonPathSegment
    {
        private readonly IReadOnlyList<JsonPathSegment> _path;
        private readonly string? _operator;
        private readonly JsonNode? _literal;

        public Filter(IReadOnlyList<JsonPathSegment> path, string? @operator, JsonNode? literal)
        {
            _path = path;
            _operator = @operator;
            _literal = literal;
        }

        public override IEnumerable<JsonNode?> Select(JsonNode? node)
        {
            IEnumerable<JsonNode?> candidates = node is JsonArray array ? array : new[] { node };
            return candidates.Where(Matches);
        }

        private bool Matches(JsonNode? item)
        {
            var values = JsonPathExpression.Evaluate(_path, item).ToList();
            if (_operator is null) return values.Count > 0;
            bool equal = values.Any(v => ValuesEqual(v, _literal));
            return _operator == "==" ? equal : values.Count > 0 && !equal;
        }

        private static bool ValuesEqual(JsonNode? a, JsonNode? b)
        {
            if (a is JsonValue va && b is JsonValue vb)
            {
                if (va.TryGetValue(out string? sa) && vb.TryGetValue(out string? sb)) return sa == sb;
                var ka = va.GetValueKind();
                var kb = vb.GetValueKind();
                if (ka == JsonValueKind.Number && kb == JsonValueKind.Number) return va.GetValue<double>() == vb.GetValue<double>();
            }
            return JsonNode.DeepEquals(a, b);
        }
    }
}
