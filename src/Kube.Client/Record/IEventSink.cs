using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Record;

/// <summary>Where recorded events are written (client-go's EventSink): the API server, or a fake in tests.</summary>
public interface IEventSink
{
    /// <summary>Creates the event in its own namespace and returns the server's copy.</summary>
    Task<Event> CreateAsync(Event e, CancellationToken cancellationToken);

    /// <summary>Applies a strategic merge patch to the stored event of the same name and namespace; returns the server's copy.</summary>
    Task<Event> PatchAsync(Event e, string patch, CancellationToken cancellationToken);
}
