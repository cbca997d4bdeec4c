using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;

namespace Kube.Client.Record;

/// <summary>Writes events through the core/v1 Events API, each into the namespace it names.</summary>
public sealed class EventSink : IEventSink
{
    private readonly Clientset _clientset;

    public EventSink(Clientset clientset) => _clientset = clientset ?? throw new ArgumentNullException(nameof(clientset));

    public Task<Event> CreateAsync(Event e, CancellationToken cancellationToken)
    {
        if (e is null) throw new ArgumentNullException(nameof(e));
        return _clientset.CoreV1().Events(NamespaceOf(e)).CreateAsync(e, cancellationToken: cancellationToken);
    }

    public Task<Event> PatchAsync(Event e, string patch, CancellationToken cancellationToken)
    {
        if (e is null) throw new ArgumentNullException(nameof(e));
        string name = e.Metadata?.Name is { Length: > 0 } n ? n : throw new ArgumentException("the event to patch has no name", nameof(e));
        return _clientset.CoreV1().Events(NamespaceOf(e)).PatchAsync(name, PatchType.StrategicMerge, patch, cancellationToken: cancellationToken);
    }

    private static string NamespaceOf(Event e) =>
        e.Metadata?.Namespace is { Length: > 0 } ns ? ns : throw new ArgumentException("the event has no namespace", nameof(e));
}
