// TEMP: replaced by the generator's output at merge. Do not build on this file.
using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kube.Client.Models.MetaV1
{
    public sealed class ObjectMeta { [JsonPropertyName("name")] public string? Name { get; set; } [JsonPropertyName("namespace")] public string? Namespace { get; set; } [JsonPropertyName("resourceVersion")] public string? ResourceVersion { get; set; } [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; } }
    public sealed class ListMeta { [JsonPropertyName("resourceVersion")] public string? ResourceVersion { get; set; } [JsonPropertyName("continue")] public string? Continue { get; set; } [JsonPropertyName("remainingItemCount")] public long? RemainingItemCount { get; set; } }
    public sealed class StatusCause { [JsonPropertyName("field")] public string? Field { get; set; } [JsonPropertyName("message")] public string? Message { get; set; } [JsonPropertyName("reason")] public string? Reason { get; set; } }
    public sealed class StatusDetails { [JsonPropertyName("causes")] public List<StatusCause>? Causes { get; set; } [JsonPropertyName("group")] public string? Group { get; set; } [JsonPropertyName("kind")] public string? Kind { get; set; } [JsonPropertyName("name")] public string? Name { get; set; } [JsonPropertyName("retryAfterSeconds")] public int? RetryAfterSeconds { get; set; } [JsonPropertyName("uid")] public string? Uid { get; set; } }
    public sealed class Status : IKubeObject { [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; } [JsonPropertyName("code")] public int? Code { get; set; } [JsonPropertyName("details")] public StatusDetails? Details { get; set; } [JsonPropertyName("kind")] public string? Kind { get; set; } [JsonPropertyName("message")] public string? Message { get; set; } [JsonPropertyName("reason")] public string? Reason { get; set; } [JsonPropertyName("status")] public string? StatusValue { get; set; } }
    public sealed class DeleteOptions { [JsonPropertyName("propagationPolicy")] public string? PropagationPolicy { get; set; } [JsonPropertyName("gracePeriodSeconds")] public long? GracePeriodSeconds { get; set; } }
}
namespace Kube.Client.Models
{
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(MetaV1.Status))]
    [JsonSerializable(typeof(MetaV1.DeleteOptions))]
    [JsonSerializable(typeof(MetaV1.ObjectMeta))]
    public sealed partial class KubeJsonContext : JsonSerializerContext { }
}
