using System.Collections.Generic;
using System.Text.Json.Serialization;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Models;

/// <summary>
/// Stands in for the list type of a resource the API cannot list (the create-only reviews such as
/// TokenReview and SubjectAccessReview, and Binding), so that its typed client can still be built on
/// <c>ResourceClient&lt;T, TList&gt;</c>. The generated clients of those resources expose no list or
/// watch method, so no value of this type is ever sent or received.
/// </summary>
public sealed class NoList<T> : IKubeList<T>
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public IList<T>? Items { get; set; }
}
