using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;

namespace Kube.Client.Cache;

/// <summary>
/// A cache of one kind of object in one scope, kept current by a list and a watch, that tells any
/// number of handlers what changes (client-go's sharedIndexInformer).
/// </summary>
/// <remarks>
/// <para>The informer runs a <see cref="Reflector{T}"/> into a <see cref="DeltaFIFO{T}"/>; each popped
/// change is applied to the <see cref="GetIndexer">indexer</see> first and then queued to every handler.
/// What handlers may rely on:</para>
/// <list type="bullet">
/// <item>Each handler has its own unbounded queue and its own loop. It is called from one task at a time,
/// so it needs no locking of its own; a slow or blocked handler delays only itself, never the cache or
/// the other handlers (its queue grows meanwhile: see
/// <see cref="ResourceEventHandlerRegistration{T}.PendingNotifications"/>).</item>
/// <item>For one object, a handler gets the changes in the order the cache applied them. Across objects
/// there is no order. Changes in between may be merged: a handler sees states, not every write.</item>
/// <item>The cache is applied before handlers are told, so a handler may find the cache ahead of the
/// notification it is handling (already holding a newer state), never behind it.</item>
/// <item>A handler added after the informer started first gets the cache's content as adds (with
/// isInInitialList true), then live changes; it never misses a change nor gets one twice.</item>
/// <item>An object is added once. Relists after a 410 or an outage deliver updates for objects that
/// changed (none for those that did not) and deletes, as <see cref="DeletedFinalStateUnknown{T}"/>
/// tombstones, for objects deleted while the watch was down.</item>
/// <item>With a resync period, a handler gets an update with the same old and new object that often.
/// A handler's period is raised to the informer's check period (the smallest period asked before the
/// start, at least <see cref="MinimumResyncPeriod"/>) when it is shorter.</item>
/// <item>Handlers must not change the objects they get (they are the cache's), and should return quickly;
/// hand slow work to a work queue. What a handler throws goes to
/// <see cref="SharedIndexInformerOptions.OnHandlerException"/> and the handler gets the next notification.</item>
/// <item><see cref="HasSynced"/> is true once the first list is in the cache (and told to every handler);
/// a registration's <see cref="ResourceEventHandlerRegistration{T}.HasSynced"/> once its handler has also
/// returned from all of it.</item>
/// <item>Cancelling the token of <see cref="RunAsync"/> stops the reflector, the queue and every handler
/// loop; <see cref="RunAsync"/> (and <see cref="Completion"/>) completes once all of them have ended,
/// leaving no task behind (a handler in the middle of a call is waited for; notifications not yet
/// handled are dropped).</item>
/// </list>
/// <para>An informer runs once. All members are thread-safe.</para>
/// </remarks>
public sealed class SharedIndexInformer<T>
    where T : class
{
    /// <summary>The shortest resync period a handler may ask for (client-go's minimumResyncPeriod).</summary>
    public static readonly TimeSpan MinimumResyncPeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan SyncPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IListerWatcher<T> _listerWatcher;
    private readonly Indexer<T> _indexer;
    private readonly SharedProcessor<T> _processor = new();
    private readonly SharedIndexInformerOptions _options;
    private readonly TimeSpan _defaultEventHandlerResyncPeriod;
    private readonly object _startLock = new();
    private readonly object _blockDeltas = new();
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan _resyncCheckPeriod;
    private bool _started;
    private bool _stopped;
    private DeltaFIFO<T>? _fifo;
    private Reflector<T>? _reflector;
    private Action<Exception>? _watchErrorHandler;
    private Func<T, T>? _transform;
    private Action<Exception>[] _watchErrorListeners = Array.Empty<Action<Exception>>();

    /// <param name="defaultEventHandlerResyncPeriod">The resync period of handlers added without one; zero for none.</param>
    /// <param name="indexers">Indexes of the cache besides its keys.</param>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> has no object metadata, or the options are out of range.</exception>
    public SharedIndexInformer(
        IListerWatcher<T> listerWatcher,
        TimeSpan defaultEventHandlerResyncPeriod = default,
        IEnumerable<KeyValuePair<string, IndexFunc<T>>>? indexers = null,
        SharedIndexInformerOptions? options = null)
    {
        if (!typeof(IKubeResource).IsAssignableFrom(typeof(T)) && typeof(T) != typeof(Unstructured))
            throw new ArgumentException($"{typeof(T).FullName} has no object metadata to cache by: expected an {nameof(IKubeResource)} model or {nameof(Unstructured)}.", nameof(T));
        if (defaultEventHandlerResyncPeriod < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(defaultEventHandlerResyncPeriod), defaultEventHandlerResyncPeriod, "cannot be negative (zero disables resync)");
        _listerWatcher = listerWatcher ?? throw new ArgumentNullException(nameof(listerWatcher));
        _options = options?.Clone() ?? new SharedIndexInformerOptions();
        _options.Reflector?.Validate();
        _indexer = new Indexer<T>(indexers);
        _defaultEventHandlerResyncPeriod = defaultEventHandlerResyncPeriod;
        _resyncCheckPeriod = defaultEventHandlerResyncPeriod;
        Name = _options.Reflector?.Name ?? listerWatcher.ToString() ?? typeof(T).Name;
        if (_options.Transform is { } transform)
        {
            _transform = obj => transform(obj) switch
            {
                null => null!,
                T result => result,
                var other => throw new InvalidOperationException($"the transform returned a {other.GetType().FullName}, not a {typeof(T).FullName}"),
            };
        }
    }

    /// <summary>What this informer caches, for messages.</summary>
    public string Name { get; }

    public bool IsStarted
    {
        get
        {
            lock (_startLock) return _started;
        }
    }

    public bool IsStopped
    {
        get
        {
            lock (_startLock) return _stopped;
        }
    }

    /// <summary>True once the first list is in the cache and has been queued to every handler.</summary>
    public bool HasSynced => Volatile.Read(ref _fifo)?.HasSynced ?? false;

    /// <summary>The resourceVersion of the last list or event applied ("" before the first list).</summary>
    public string LastSyncResourceVersion => Volatile.Read(ref _reflector)?.LastSyncResourceVersion ?? "";

    /// <summary>What the reflector has done so far (all zero before the informer starts).</summary>
    public ReflectorStatistics Statistics => Volatile.Read(ref _reflector)?.Statistics ?? new ReflectorStatistics();

    /// <summary>Completes when the informer has stopped (after <see cref="RunAsync"/> ended).</summary>
    public Task Completion => _completion.Task;

    /// <summary>The resync period the informer checks handlers at (zero: no resync).</summary>
    public TimeSpan ResyncCheckPeriod
    {
        get
        {
            lock (_startLock) return _resyncCheckPeriod;
        }
    }

    /// <summary>The cache. Read it freely; never write to it or change the objects it holds.</summary>
    public IIndexer<T> GetIndexer() => _indexer;

    /// <summary>A lister over the cache, with label selectors and per-namespace views.</summary>
    public Lister<T> Lister() => new(_indexer);

    /// <summary>Adds indexes to the cache, indexing what it holds already; allowed at any time.</summary>
    /// <exception cref="ArgumentException">An index of that name exists already.</exception>
    public void AddIndexers(IEnumerable<KeyValuePair<string, IndexFunc<T>>> indexers) => _indexer.AddIndexers(indexers);

    /// <summary>
    /// Sets what gets every list and watch error of the reflector (it recovers on its own; this is for
    /// logging). Only before the informer starts.
    /// </summary>
    /// <exception cref="InvalidOperationException">The informer has started.</exception>
    public void SetWatchErrorHandler(Action<Exception> handler)
    {
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        lock (_startLock)
        {
            if (_started) throw new InvalidOperationException($"the informer of {Name} has started; set its watch error handler before it starts");
            _watchErrorHandler = handler;
        }
    }

    /// <summary>
    /// Sets what changes each object before it enters the cache (client-go's SetTransform), replacing
    /// <see cref="SharedIndexInformerOptions.Transform"/>; null for none. Only before the informer starts.
    /// </summary>
    /// <exception cref="InvalidOperationException">The informer has started.</exception>
    public void SetTransform(Func<T, T>? transform)
    {
        lock (_startLock)
        {
            if (_started) throw new InvalidOperationException($"the informer of {Name} has started; set its transform before it starts");
            _transform = transform;
        }
    }

    /// Adds a listener of the reflector's list and watch errors, at any time (a shared informer has many
    /// users; <see cref="SetWatchErrorHandler"/> is its owner's, before the start). It is called on the
    /// reflector's thread and must return quickly; disposing the result removes it.
    /// </summary>
    public IDisposable AddWatchErrorListener(Action<Exception> listener)
    {
        if (listener is null) throw new ArgumentNullException(nameof(listener));
        lock (_startLock) _watchErrorListeners = [.. _watchErrorListeners, listener];
        return new WatchErrorSubscription(this, listener);
    }

    private void RemoveWatchErrorListener(Action<Exception> listener)
    {
        lock (_startLock) _watchErrorListeners = Array.FindAll(_watchErrorListeners, l => !ReferenceEquals(l, listener));
    }

    /// <summary>The reflector's error handler: the owner's handler (trace output without one), then every listener.</summary>
    private void OnWatchError(Exception error)
    {
        var handler = _watchErrorHandler;
        if (handler is null) Trace.TraceWarning($"{Name}: {error.Message}");
        else handler(error);
        foreach (var listener in Volatile.Read(ref _watchErrorListeners))
        {
            try
            {
                listener(error);
            }
            catch (Exception failure)
            {
                Trace.TraceError($"{Name}: a watch error listener threw {failure.GetType().Name}: {failure.Message}");
            }
        }
    }

    private sealed class WatchErrorSubscription : IDisposable
    {
        private SharedIndexInformer<T>? _informer;
        private readonly Action<Exception> _listener;

        public WatchErrorSubscription(SharedIndexInformer<T> informer, Action<Exception> listener)
        {
            _informer = informer;
            _listener = listener;
        }

        public void Dispose() => Interlocked.Exchange(ref _informer, null)?.RemoveWatchErrorListener(_listener);
    }

    /// <summary>Adds a handler with the informer's default resync period.</summary>
    /// <exception cref="InvalidOperationException">The informer has stopped.</exception>
    public ResourceEventHandlerRegistration<T> AddEventHandler(IResourceEventHandler<T> handler) =>
        AddEventHandler(handler, _defaultEventHandlerResyncPeriod);

    /// <summary>
    /// Adds a handler that also gets a resync every <paramref name="resyncPeriod"/> (zero: never). Before
    /// the start, a shorter period than the informer's lowers its check period; after the start, the
    /// period is raised to the check period. Periods under <see cref="MinimumResyncPeriod"/> are raised to it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The informer has stopped.</exception>
    public ResourceEventHandlerRegistration<T> AddEventHandler(IResourceEventHandler<T> handler, TimeSpan resyncPeriod)
    {
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        if (resyncPeriod < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(resyncPeriod), resyncPeriod, "cannot be negative (zero disables resync)");
        lock (_startLock)
        {
            if (_stopped) throw new InvalidOperationException($"the informer of {Name} has stopped; a handler added now would never be called");
            if (resyncPeriod > TimeSpan.Zero)
            {
                if (resyncPeriod < MinimumResyncPeriod)
                {
                    Trace.TraceWarning($"{Name}: resync period {resyncPeriod} is too short; using {MinimumResyncPeriod}");
                    resyncPeriod = MinimumResyncPeriod;
                }
                if (resyncPeriod < _resyncCheckPeriod || _resyncCheckPeriod == TimeSpan.Zero)
                {
                    if (_started)
                    {
                        if (_resyncCheckPeriod > TimeSpan.Zero)
                        {
                            Trace.TraceWarning($"{Name}: resync period {resyncPeriod} is shorter than the running informer's check period; using {_resyncCheckPeriod}");
                            resyncPeriod = _resyncCheckPeriod;
                        }
                        else
                        {
                            Trace.TraceWarning($"{Name}: the informer started without resync, so the handler's resync period {resyncPeriod} cannot apply");
                        }
                    }
                    else
                    {
                        _resyncCheckPeriod = resyncPeriod;
                        _processor.ResyncCheckPeriodChanged(resyncPeriod);
                    }
                }
            }

            var listener = new ProcessorListener<T>(handler, resyncPeriod, SharedProcessor<T>.DetermineResyncPeriod(resyncPeriod, _resyncCheckPeriod), ReportHandlerException);
            var registration = new ResourceEventHandlerRegistration<T>(listener, () => HasSynced);
            if (!_started)
            {
                _processor.AddListener(listener);
                return registration;
            }

            // No change is applied meanwhile, so the handler gets the cache's content, then every change after it.
            lock (_blockDeltas)
            {
                _processor.AddListener(listener);
                foreach (var item in _indexer.List()) listener.Add(Notification<T>.Add(item, isInInitialList: true));
            }
            return registration;
        }
    }

    /// <summary>
    /// Removes a handler: it gets no notification after the one it may be handling now. Returns false
    /// when it was not (or no longer) registered.
    /// </summary>
    public bool RemoveEventHandler(ResourceEventHandlerRegistration<T> registration)
    {
        if (registration is null) throw new ArgumentNullException(nameof(registration));
        return _processor.RemoveListener(registration.Listener);
    }

    /// <summary>Runs the informer in the background until <paramref name="cancellationToken"/> is cancelled; see <see cref="Completion"/>.</summary>
    /// <exception cref="InvalidOperationException">The informer has started already.</exception>
    public void Start(CancellationToken cancellationToken)
    {
        var (fifo, reflector) = Begin();
        _ = RunCoreAsync(fifo, reflector, cancellationToken);
    }

    /// <summary>
    /// Runs the informer until <paramref name="cancellationToken"/> is cancelled, then stops everything
    /// and returns (without throwing on cancellation).
    /// </summary>
    /// <exception cref="InvalidOperationException">The informer has started already.</exception>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var (fifo, reflector) = Begin();
        return RunCoreAsync(fifo, reflector, cancellationToken);
    }

    private (DeltaFIFO<T>, Reflector<T>) Begin()
    {
        lock (_startLock)
        {
            if (_started || _stopped) throw new InvalidOperationException($"the informer of {Name} has started already; an informer runs once");
            var fifo = new DeltaFIFO<T>(_indexer.KeyOf, _indexer);
            var reflectorOptions = _options.Reflector?.Clone() ?? new ReflectorOptions();
            reflectorOptions.Name ??= Name;
            // Transformed first, then shared: what the transform drops is never pooled.
            IReflectorStore<T> store = _options.ShareStrings ? new SharingStore<T>(fifo, new SharedStrings()) : fifo;
            if (_transform is { } transform) store = new TransformingStore<T>(store, transform, ReportHandlerException, Name);
            var reflector = new Reflector<T>(_listerWatcher, store, _resyncCheckPeriod, reflectorOptions)
            {
                ShouldResync = _processor.ShouldResync,
                WatchErrorHandler = OnWatchError,
            };
            Volatile.Write(ref _fifo, fifo);
            Volatile.Write(ref _reflector, reflector);
            _started = true;
            _processor.Run();
            return (fifo, reflector);
        }
    }

    private async Task RunCoreAsync(DeltaFIFO<T> fifo, Reflector<T> reflector, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Handlers stop at once when the caller stops (a handler in the middle of a call finishes it, the
        // notifications behind it are dropped), not once the reflector and the process loop have wound down.
        using var stopHandlers = cancellationToken.Register(static p => _ = ((SharedProcessor<T>)p!).StopAsync(), _processor);
        var reflecting = Task.Run(() => reflector.RunAsync(stop.Token));
        var processing = Task.Run(() => ProcessLoopAsync(fifo, stop.Token));
        try
        {
            // Either ends only on cancellation, unless something is badly wrong: then stop the other too.
            await Task.WhenAny(reflecting, processing).ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            fifo.Close();
            try
            {
                await Task.WhenAll(reflecting, processing).ConfigureAwait(false);
            }
            finally
            {
                await _processor.StopAsync().ConfigureAwait(false);
                lock (_startLock) _stopped = true;
                _completion.TrySetResult(true);
            }
        }
    }

    /// <summary>
    /// Waits until <see cref="HasSynced"/>; false when the token was cancelled or the informer stopped first
    /// (as client-go's WaitForCacheSync).
    /// </summary>
    public Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        CacheSync.WaitForCacheSyncAsync(cancellationToken, () => HasSynced, () => IsStopped);

    private async Task ProcessLoopAsync(DeltaFIFO<T> fifo, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await fifo.PopAsync(HandleDeltas, cancellationToken).ConfigureAwait(false);
            }
            catch (FifoClosedException)
            {
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ReportHandlerException(e);
            }
        }
    }

    /// <summary>Applies one object's changes to the cache and queues them to the handlers (under the queue's lock).</summary>
    private void HandleDeltas(Deltas<T> deltas, bool isInInitialList)
    {
        lock (_blockDeltas)
        {
            foreach (var delta in deltas)
            {
                switch (delta.Type)
                {
                    case DeltaType.Sync:
                    case DeltaType.Replaced:
                    case DeltaType.Added:
                    case DeltaType.Updated:
                        var obj = (T)delta.Object;
                        var old = _indexer.Get(obj);
                        if (old is not null)
                        {
                            _indexer.Update(obj);
                            // A relist that finds an object unchanged is no news: only handlers due for a resync hear of it.
                            bool isSync = delta.Type == DeltaType.Sync ||
                                (delta.Type == DeltaType.Replaced && ResourceVersionOf(old) == ResourceVersionOf(obj) && ResourceVersionOf(obj) is not null);
                            _processor.Distribute(Notification<T>.Update(old, obj), isSync);
                        }
                        else
                        {
                            _indexer.Add(obj);
                            _processor.Distribute(Notification<T>.Add(obj, isInInitialList), isSync: false);
                        }
                        break;
                    case DeltaType.Deleted:
                        _indexer.DeleteByKey(delta.Object is IDeletedFinalStateUnknown tombstone ? tombstone.Key : _indexer.KeyOf((T)delta.Object));
                        _processor.Distribute(Notification<T>.Delete(delta.Object), isSync: false);
                        break;
                }
            }
        }
    }

    private static string? ResourceVersionOf(T obj) => ObjectMetaAccessor.For(obj).ResourceVersion;

    private void ReportHandlerException(Exception e)
    {
        var handler = _options.OnHandlerException;
        if (handler is null)
        {
            Trace.TraceError($"{Name}: an event handler or index function threw {e.GetType().Name}: {e.Message}");
            return;
        }
        try
        {
            handler(e);
        }
        catch (Exception failure)
        {
            Trace.TraceError($"{Name}: OnHandlerException threw {failure.GetType().Name}: {failure.Message}");
        }
    }

    public override string ToString() => $"SharedIndexInformer<{typeof(T).Name}> {Name}";
}
