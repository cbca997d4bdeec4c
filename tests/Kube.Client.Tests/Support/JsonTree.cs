using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Xunit.Sdk;

namespace Kube.Client.Tests.Support;

/// <summary>
/// Compares two JSON documents as trees: member order is ignored, numbers compare by value
/// (1.0 == 1), and a member whose value is null counts as absent, as the API server treats them.
/// </summary>
public static class JsonTree
{
    public static void AssertEquivalent(string expected, string actual)
    {
        var options = new JsonDocumentOptions { MaxDepth = 1024 };
        using var expectedDocument = JsonDocument.Parse(expected, options);
        using var actualDocument = JsonDocument.Parse(actual, options);
        string? difference = Compare(expectedDocument.RootElement, actualDocument.RootElement, "$");
        if (difference is not null) throw new XunitException($"JSON differs at {difference}\nActual: {actual}");
    }

    private static string? Compare(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind)
            return $"{path}: expected {expected.ValueKind} {Show(expected)}, got {actual.ValueKind} {Show(actual)}";

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedMembers = expected.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).ToDictionary(p => p.Name, p => p.Value);
                var actualMembers = actual.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).ToDictionary(p => p.Name, p => p.Value);
                foreach (var (name, value) in expectedMembers)
                {
                    if (!actualMembers.TryGetValue(name, out var other)) return $"{path}.{name}: missing";
                    string? inner = Compare(value, other, path + "." + name);
                    if (inner is not null) return inner;
                }
                foreach (string name in actualMembers.Keys)
                {
                    if (!expectedMembers.ContainsKey(name)) return $"{path}.{name}: unexpected member {Show(actualMembers[name])}";
                }
                return null;
            case JsonValueKind.Array:
                int expectedLength = expected.GetArrayLength(), actualLength = actual.GetArrayLength();
                if (expectedLength != actualLength) return $"{path}: expected {expectedLength} items, got {actualLength}";
                for (int i = 0; i < expectedLength; i++)
                {
                    string? inner = Compare(expected[i], actual[i], $"{path}[{i}]");
                    if (inner is not null) return inner;
                }
                return null;
            case JsonValueKind.Number:
                return decimal.Parse(expected.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
                    == decimal.Parse(actual.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
                    ? null
                    : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
            default:
                return null;
        }
    }

    private static string Show(JsonElement element)
    {
        string text = element.GetRawText();
        return text.Length > 80 ? text.Substring(0, 80) + "..." : text;
    }
}
