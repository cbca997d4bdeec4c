using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Record;

/// <summary>
/// One consumer of an <see cref="EventBroadcaster"/>: a bounded queue and a task that hands each
/// event to the handler in order. A full queue drops the event instead of making anyone wait.
/// Disposing it stops new events; those queued are still handled.
/// </summary>
internal sealed class EventWatcher : IDisposable
{
    private readonly EventBroadcaster _owner;
    private readonly Channel<Event> _queue;
    private readonly Func<Event, CancellationToken, Task> _handler;
    private readonly CancellationToken _stopping;
    private readonly Action<string> _onError;

    public EventWatcher(EventBroadcaster owner, Func<Event, CancellationToken, Task> handler, int queueLength, CancellationToken stopping, Action<string> onError)
    {
        _owner = owner;
        _handler = handler;
        _stopping = stopping;
        _onError = onError;
        _queue = Channel.CreateBounded<Event>(new BoundedChannelOptions(queueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Completes when the queue is closed and drained, or the broadcaster stops it.</summary>
    public Task Completion { get; }

    /// <summary>Queues the event; false (and the event dropped) when the queue is full or closed.</summary>
    public bool TryEnqueue(Event e) => _queue.Writer.TryWrite(e);

    /// <summary>Takes no more events; those queued are still handled.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public void Dispose()
    {
        _owner.Remove(this);
        Complete();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping).ConfigureAwait(false))
            {
                while (reader.TryRead(out var e))
                {
                    try
                    {
                        await _handler(e, _stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception error)
                    {
                        _onError($"an event handler threw {error.GetType().Name}: {error.Message}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }
}
