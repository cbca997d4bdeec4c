using System;
using Kube.Client.Models;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Operations;

/// <summary>
/// When an event was last seen, whichever API wrote it: events written through events.k8s.io keep
/// it in series.lastObservedTime (or only eventTime), those written through core/v1 in
/// lastTimestamp; either API reads both kinds.
/// </summary>
public static class EventTimes
{
    /// <summary>series.lastObservedTime, else lastTimestamp, else eventTime, else firstTimestamp, else the creation time.</summary>
    public static DateTimeOffset? LastSeen(Models.CoreV1.Event e)
    {
        if (e is null) throw new ArgumentNullException(nameof(e));
        return e.Series?.LastObservedTime ?? e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp;
    }

    /// <summary>series.lastObservedTime, else deprecatedLastTimestamp, else eventTime, else deprecatedFirstTimestamp, else the creation time.</summary>
    public static DateTimeOffset? LastSeen(Models.EventsV1.Event e)
    {
        if (e is null) throw new ArgumentNullException(nameof(e));
        return e.Series?.LastObservedTime ?? e.DeprecatedLastTimestamp ?? e.EventTime ?? e.DeprecatedFirstTimestamp ?? e.Metadata?.CreationTimestamp;
    }

    /// <summary>The last time seen of an <see cref="Unstructured"/> event of either API, by the same rules as the typed ones.</summary>
    public static DateTimeOffset? LastSeen(Unstructured e)
    {
        if (e is null) throw new ArgumentNullException(nameof(e));
        bool events = e.ApiVersion?.StartsWith("events.k8s.io/", StringComparison.Ordinal) == true;
        return Time(e, "series", "lastObservedTime")
            ?? Time(e, events ? "deprecatedLastTimestamp" : "lastTimestamp")
            ?? Time(e, "eventTime")
            ?? Time(e, events ? "deprecatedFirstTimestamp" : "firstTimestamp")
            ?? e.CreationTimestamp;
    }

    /// <summary>The last time seen of an event of either API, typed or not; null for anything else or an event without times.</summary>
    public static DateTimeOffset? LastSeen(object e) => e switch
    {
        Models.CoreV1.Event core => LastSeen(core),
        Models.EventsV1.Event events => LastSeen(events),
        Unstructured u => LastSeen(u),
        _ => null,
    };

    private static DateTimeOffset? Time(Unstructured e, params string[] path) =>
        e.NestedField(path) is System.Text.Json.Nodes.JsonValue value && value.TryGetValue(out string? text) && Rfc3339.TryParse(text, out var time) ? time : null;
}
