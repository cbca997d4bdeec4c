using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Kube.Client.Cache;

/// <summary>
/// One handler of an informer with its own unbounded queue and its own loop (client-go's
/// processorListener): the informer only ever appends to the queue, so however slow the handler is,
/// it stalls neither the informer nor the other handlers.
/// </summary>
internal sealed class ProcessorListener<T>
    where T : class
{
    private readonly Channel<Notification<T>> _queue = Channel.CreateUnbounded<Notification<T>>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<Exception> _onHandlerException;
    private readonly object _resyncLock = new();
    private int _pendingInitial;
    private int _pending;
    private Task? _loop;
    private TimeSpan _resyncPeriod;
    private DateTime _nextResync;

    public ProcessorListener(IResourceEventHandler<T> handler, TimeSpan requestedResyncPeriod, TimeSpan resyncPeriod, Action<Exception> onHandlerException)
    {
        Handler = handler;
        RequestedResyncPeriod = requestedResyncPeriod;
        _onHandlerException = onHandlerException;
        _resyncPeriod = resyncPeriod;
        _nextResync = DateTime.UtcNow + resyncPeriod;
    }

    public IResourceEventHandler<T> Handler { get; }

    public TimeSpan RequestedResyncPeriod { get; }

    public TimeSpan ResyncPeriod
    {
        get
        {
            lock (_resyncLock) return _resyncPeriod;
        }
        set
        {
            lock (_resyncLock) _resyncPeriod = value;
        }
    }

    /// <summary>Notifications of the initial list added but not yet handled.</summary>
    public int PendingInitial => Volatile.Read(ref _pendingInitial);

    /// <summary>Notifications waiting for the handler.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Add(Notification<T> notification)
    {
        if (notification.IsInInitialList) Interlocked.Increment(ref _pendingInitial);
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(notification))
        {
            // Stopped: nobody will handle it.
            Interlocked.Decrement(ref _pending);
            if (notification.IsInInitialList) Interlocked.Decrement(ref _pendingInitial);
        }
    }

    public void Start()
    {
        lock (_resyncLock) _loop ??= Task.Run(RunAsync);
    }

    /// <summary>Stops after the notification in hand; the rest are dropped.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        lock (_resyncLock) return _loop ?? Task.CompletedTask;
    }

    public bool ShouldResync(DateTime now)
    {
        lock (_resyncLock) return _resyncPeriod > TimeSpan.Zero && now >= _nextResync;
    }

    public void DetermineNextResync(DateTime now)
    {
        lock (_resyncLock) _nextResync = now + _resyncPeriod;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var token = _stop.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (!token.IsCancellationRequested && reader.TryRead(out var notification))
                {
                    Interlocked.Decrement(ref _pending);
                    try
                    {
                        switch (notification.Kind)
                        {
                            case NotificationKind.Add:
                                Handler.OnAdd((T)notification.NewObject, notification.IsInInitialList);
                                break;
                            case NotificationKind.Update:
                                Handler.OnUpdate(notification.OldObject!, (T)notification.NewObject);
                                break;
                            case NotificationKind.Delete:
                                Handler.OnDelete(notification.NewObject);
                                break;
                        }
                    }
                    catch (Exception e)
                    {
                        _onHandlerException(e);
                    }
                    finally
                    {
                        if (notification.IsInInitialList) Interlocked.Decrement(ref _pendingInitial);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
}
