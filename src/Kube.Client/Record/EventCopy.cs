using System.Text.Json;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Record;

/// <summary>Deep copies of events, so the correlator never changes an event a caller still holds.</summary>
internal static class EventCopy
{
    public static Event Of(Event e) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(e, KubeJsonContext.Default.CoreV1Event), KubeJsonContext.Default.CoreV1Event)!;
}
