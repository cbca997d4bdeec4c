using System.Text.Json.Serialization;

namespace Kube.Client.Tests.Fakes;

/// <summary>A minimal object for Rest tests that must not depend on the generated models.</summary>
public sealed class Thing
{
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("rv")] public string? ResourceVersion { get; set; }
    [JsonPropertyName("data")] public string? Data { get; set; }
}

[JsonSerializable(typeof(Thing))]
public sealed partial class TestJsonContext : JsonSerializerContext { }
