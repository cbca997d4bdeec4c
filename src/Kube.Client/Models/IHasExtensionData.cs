using System.Collections.Generic;
using System.Text.Json;

namespace Kube.Client.Models;

/// <summary>
/// A model that keeps the JSON fields it does not know, so that get, change and update through
/// an older model sends back everything the server sent.
/// </summary>
public interface IHasExtensionData
{
    IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
