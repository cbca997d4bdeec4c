using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Record;

namespace Kube.Client.Tests.Record;

/// <summary>
/// An event sink that stores events like the server (names kept, a resourceVersion per write) and
/// lets a test fail or hold the next calls.
/// </summary>
internal sealed class FakeEventSink : IEventSink
{
    private readonly ConcurrentDictionary<string, Event> _stored = new();
    private int _version;

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Faults for the next calls, in order: each returns the exception to throw, or null to go on.</summary>
    public ConcurrentQueue<Func<Exception?>> Faults { get; } = new();

    /// <summary>When set, every call waits for it first.</summary>
    public Task? Gate { get; set; }

    public IReadOnlyDictionary<string, Event> Stored => _stored;

    public async Task<Event> CreateAsync(Event e, CancellationToken cancellationToken)
    {
        await EnterAsync($"create {e.Metadata?.Name} count={e.Count} rv={e.Metadata?.ResourceVersion ?? ""}", cancellationToken);
        var copy = Copy(e);
        _stored[copy.Metadata!.Name!] = copy;
        return Copy(copy);
    }

    public async Task<Event> PatchAsync(Event e, string patch, CancellationToken cancellationToken)
    {
        await EnterAsync($"patch {e.Metadata?.Name} {patch}", cancellationToken);
        if (!_stored.TryGetValue(e.Metadata!.Name!, out var stored))
            throw new Kube.Client.Rest.KubeApiException(new Status { Code = 404, Reason = "NotFound", Message = $"events \"{e.Metadata.Name}\" not found" });
        var update = System.Text.Json.Nodes.JsonNode.Parse(patch)!;
        stored.Count = update["count"]!.GetValue<int>();
        stored.LastTimestamp = DateTimeOffset.Parse(update["lastTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        stored.Message = update["message"]!.GetValue<string>();
        stored.Metadata!.ResourceVersion = NextVersion();
        return Copy(stored);
    }

    public void Forget(string name) => _stored.TryRemove(name, out _);

    private async Task EnterAsync(string call, CancellationToken cancellationToken)
    {
        Calls.Enqueue(call);
        if (Gate is { } gate) await gate.WaitAsync(cancellationToken);
        if (Faults.TryDequeue(out var fault) && fault() is { } error) throw error;
    }

    private Event Copy(Event e)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(e, Kube.Client.Models.KubeJsonContext.Default.CoreV1Event);
        var copy = System.Text.Json.JsonSerializer.Deserialize(json, Kube.Client.Models.KubeJsonContext.Default.CoreV1Event)!;
        copy.Metadata ??= new ObjectMeta();
        copy.Metadata.ResourceVersion ??= NextVersion();
        return copy;
    }

    private string NextVersion() => Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
