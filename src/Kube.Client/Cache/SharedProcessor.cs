using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Kube.Client.Cache;

/// <summary>Fans notifications out to the listeners of one informer (client-go's sharedProcessor).</summary>
internal sealed class SharedProcessor<T>
    where T : class
{
    private readonly object _lock = new();
    private readonly List<ProcessorListener<T>> _listeners = new();
    private readonly List<Task> _stopping = new();
    private List<ProcessorListener<T>> _syncingListeners = new();
    private bool _running;

    public int Count
    {
        get
        {
            lock (_lock) return _listeners.Count;
        }
    }

    public void AddListener(ProcessorListener<T> listener)
    {
        lock (_lock)
        {
            // Not a syncing listener until its resync is due: a relist that finds an object unchanged
            // tells only the listeners due for a resync (client-go tells every listener until the
            // first resync check, which never comes when no handler asked for resync).
            _listeners.Add(listener);
            if (_running) listener.Start();
        }
    }

    public bool RemoveListener(ProcessorListener<T> listener)
    {
        lock (_lock)
        {
            if (!_listeners.Remove(listener)) return false;
            _syncingListeners.Remove(listener);
            _stopping.Add(listener.StopAsync());
            return true;
        }
    }

    /// <summary>To every listener, or for a resync only to those whose resync is due.</summary>
    public void Distribute(Notification<T> notification, bool isSync)
    {
        lock (_lock)
        {
            foreach (var listener in isSync ? _syncingListeners : _listeners) listener.Add(notification);
        }
    }

    public void Run()
    {
        lock (_lock)
        {
            _running = true;
            foreach (var listener in _listeners) listener.Start();
        }
    }

    /// <summary>Stops every listener and waits for their loops (and those of removed listeners) to end.</summary>
    public Task StopAsync()
    {
        List<Task> loops;
        lock (_lock)
        {
            _running = false;
            loops = _listeners.Select(l => l.StopAsync()).Concat(_stopping).ToList();
        }
        return Task.WhenAll(loops);
    }

    /// <summary>Whether any listener's resync is due; those that are become the syncing listeners.</summary>
    public bool ShouldResync()
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            var due = new List<ProcessorListener<T>>();
            foreach (var listener in _listeners)
            {
                if (!listener.ShouldResync(now)) continue;
                due.Add(listener);
                listener.DetermineNextResync(now);
            }
            _syncingListeners = due;
            return due.Count > 0;
        }
    }

    public void ResyncCheckPeriodChanged(TimeSpan checkPeriod)
    {
        lock (_lock)
        {
            foreach (var listener in _listeners)
                listener.ResyncPeriod = DetermineResyncPeriod(listener.RequestedResyncPeriod, checkPeriod);
        }
    }

    /// <summary>A handler cannot resync more often than the informer checks.</summary>
    public static TimeSpan DetermineResyncPeriod(TimeSpan desired, TimeSpan checkPeriod)
    {
        if (desired <= TimeSpan.Zero || checkPeriod <= TimeSpan.Zero) return TimeSpan.Zero;
        return desired < checkPeriod ? checkPeriod : desired;
    }
}
