using System.Collections.Generic;

namespace Kube.Client.Record;

/// <summary>
/// Records events about objects on behalf of one component (client-go's EventRecorder). Each call
/// returns at once: the event is queued for the broadcaster's watchers (the API server sink among
/// them), never written on the caller's thread, and dropped rather than waited for when they lag far behind.
/// </summary>
public interface IEventRecorder
{
    /// <param name="obj">What the event is about: a typed model, an Unstructured object or an ObjectReference.</param>
    /// <param name="type"><see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/>.</param>
    /// <param name="reason">A short UpperCamelCase word for why (Synced, FailedCreate...); what tools group by.</param>
    /// <param name="message">What happened, for people.</param>
    /// <exception cref="System.ArgumentException">The type is neither Normal nor Warning, the reason is empty, or the object cannot be referenced (no kind or name).</exception>
    void Event(object obj, string type, string reason, string message);

    /// <summary><see cref="Event"/> with the message formatted from <paramref name="format"/> (invariant culture).</summary>
    void Eventf(object obj, string type, string reason, string format, params object?[] args);

    /// <summary><see cref="Event"/> with annotations on the event object itself.</summary>
    void AnnotatedEventf(object obj, IDictionary<string, string>? annotations, string type, string reason, string format, params object?[] args);
}
