using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.IntegrationTests.Support;

/// <summary>
/// A ConfigMap as an older model might know it: no data, binaryData or immutable. What it does
/// not know lands in <see cref="ExtensionData"/>, as in every generated model.
/// </summary>
public sealed class ConfigMapWithoutData
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public ObjectMeta? Metadata { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
