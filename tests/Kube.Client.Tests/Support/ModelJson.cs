using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Kube.Client.Models;
using Xunit.Sdk;

namespace Kube.Client.Tests.Support;

/// <summary>Two models are equal when the library writes them as the same JSON tree (member order aside).</summary>
public static class ModelJson
{
    public static void AssertSame(object expected, object actual, JsonTypeInfo typeInfo)
    {
        string a = JsonSerializer.Serialize(expected, typeInfo);
        string b = JsonSerializer.Serialize(actual, typeInfo);
        if (JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b))) return;
        // Let the tree comparison name the first difference.
        JsonTree.AssertEquivalent(a, b);
        throw new XunitException($"The models differ (in null members only):\nexpected {a}\nactual   {b}");
    }

    public static void AssertSame<T>(T expected, T actual) =>
        AssertSame(expected!, actual!, KubeJsonContext.Default.GetTypeInfo(typeof(T))!);
}
