using System;
using System.Text.Json.Nodes;
using Kube.Client.Internal;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Record;

/// <summary>
/// Remembers the events written (client-go's eventLogger): a repeat of one takes its name, first
/// timestamp and resourceVersion with the count one higher, and comes with the patch that updates
/// the stored event's count, lastTimestamp and message.
/// </summary>
internal sealed class EventObservations
{
    private readonly object _gate = new();
    private readonly LruCache<string, Observation> _cache;

    public EventObservations(int cacheSize) => _cache = new LruCache<string, Observation>(cacheSize, StringComparer.Ordinal);

    public (Event Event, string? Patch) Observe(Event newEvent, string key)
    {
        var observed = EventCopy.Of(newEvent);
        string? patch = null;
        lock (_gate)
        {
            if (_cache.TryGet(key, out var last) && last.Count > 0)
            {
                observed.Metadata ??= new Models.MetaV1.ObjectMeta();
                observed.Metadata.Name = last.Name;
                observed.Metadata.ResourceVersion = last.ResourceVersion;
                observed.FirstTimestamp = last.FirstTimestamp;
                observed.Count = last.Count + 1;
                patch = CountPatch(observed);
            }
            _cache.Add(key, new Observation(observed.Count ?? 1, observed.FirstTimestamp, observed.Metadata?.Name, observed.Metadata?.ResourceVersion));
        }
        return (observed, patch);
    }

    /// <summary>Takes the server's copy of an event just written (its name and resourceVersion), under its identity key.</summary>
    public void Update(Event written)
    {
        lock (_gate)
            _cache.Add(EventKeys.Identity(written), new Observation(written.Count ?? 1, written.FirstTimestamp, written.Metadata?.Name, written.Metadata?.ResourceVersion));
    }

    private static string CountPatch(Event e)
    {
        var patch = new JsonObject
        {
            ["count"] = e.Count,
            ["lastTimestamp"] = e.LastTimestamp is { } last ? Rfc3339.FormatSeconds(last) : null,
            ["message"] = e.Message,
        };
        return patch.ToJsonString();
    }

    private readonly struct Observation
    {
        public Observation(int count, DateTimeOffset? firstTimestamp, string? name, string? resourceVersion)
        {
            Count = count;
            FirstTimestamp = firstTimestamp;
            Name = name;
            ResourceVersion = resourceVersion;
        }

        public int Count { get; }

        public DateTimeOffset? FirstTimestamp { get; }

        public string? Name { get; }

        public string? ResourceVersion { get; }
    }
}
