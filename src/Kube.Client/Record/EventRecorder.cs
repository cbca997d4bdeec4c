using System;
using System.Collections.Generic;
using System.Globalization;
using Kube.Client.Clock;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Record;

/// <summary>The recorder of one component: builds each event and hands it to the broadcaster.</summary>
internal sealed class EventRecorder : IEventRecorder
{
    private readonly EventBroadcaster _broadcaster;
    private readonly string _component;
    private readonly string? _host;
    private readonly IClock _clock;

    public EventRecorder(EventBroadcaster broadcaster, string component, string? host, IClock clock)
    {
        _broadcaster = broadcaster;
        _component = component;
        _host = host;
        _clock = clock;
    }

    public void Event(object obj, string type, string reason, string message) => Generate(obj, null, type, reason, message);

    public void Eventf(object obj, string type, string reason, string format, params object?[] args) =>
        Generate(obj, null, type, reason, Format(format, args));

    public void AnnotatedEventf(object obj, IDictionary<string, string>? annotations, string type, string reason, string format, params object?[] args) =>
        Generate(obj, annotations, type, reason, Format(format, args));

    private void Generate(object obj, IDictionary<string, string>? annotations, string type, string reason, string? message)
    {
        if (!EventTypes.IsValid(type))
            throw new ArgumentException($"event type '{type}' is not one the API accepts: use {EventTypes.Normal} or {EventTypes.Warning}", nameof(type));
        if (string.IsNullOrWhiteSpace(reason))
            throw new ArgumentException("an event needs a reason: a short UpperCamelCase word such as Synced or FailedCreate", nameof(reason));
        var reference = ObjectReferences.For(obj);
        var now = _clock.UtcNow;
        var e = new Event
        {
            Metadata = new ObjectMeta
            {
                Name = EventNames.For(reference.Name, now),
                // Events about cluster-scoped objects go to "default", as client-go puts them.
                Namespace = string.IsNullOrEmpty(reference.Namespace) ? "default" : reference.Namespace,
                Annotations = annotations is null ? null : new Dictionary<string, string>(annotations),
            },
            InvolvedObject = reference,
            Reason = reason,
            Message = message ?? "",
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
            Type = type,
            Source = new EventSource { Component = _component, Host = _host },
            ReportingComponent = _component,
            ReportingInstance = _host,
        };
        _broadcaster.Action(e);
    }

    private static string Format(string format, object?[] args) =>
        args is null || args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
}
