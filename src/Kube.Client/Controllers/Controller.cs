using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.LeaderElection;
using Kube.Client.WorkQueue;

namespace Kube.Client.Controllers;

/// <summary>
/// The controller loop of client-go's examples, ready made: informers turn changes into keys on a
/// <see cref="RateLimitingQueue{T}"/>, and workers reconcile each key.
/// </summary>
/// <remarks>
/// <para>What a reconcile function may rely on:</para>
/// <list type="bullet">
/// <item>It is called with a key ("namespace/name") only after every watched informer has synced, so
/// listers hold the whole state; it should read the current state from them (the key's object may be
/// gone: then it cleans up) rather than act on events.</item>
/// <item>One key is never reconciled by two workers at once; changes during a reconcile bring the key
/// back once afterwards. Keys of many changes in a row are reconciled once.</item>
/// <item>When it throws, the key comes back after the rate limiter's delay (per-key exponential backoff
/// with an overall bucket), up to <see cref="ControllerOptions.MaxRetries"/> retries; then the key is
/// forgotten until its objects change. When it returns, the key's backoff starts over.</item>
/// <item>Its token is cancelled when the controller stops (or loses leadership); the key then comes back
/// for the next run or leader.</item>
/// </list>
/// </remarks>
public sealed class Controller
{
    private readonly Func<string, CancellationToken, Task> _reconcile;
    private readonly ControllerOptions _options;
    private readonly List<WatchedInformer> _watched = new();
    private int _running;
    private volatile bool _synced;

    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public Controller(Func<string, CancellationToken, Task> reconcile, ControllerOptions? options = null)
    {
        _reconcile = reconcile ?? throw new ArgumentNullException(nameof(reconcile));
        _options = options ?? new ControllerOptions();
        _options.Validate();
        Queue = new RateLimitingQueue<string>(_options.RateLimiter, comparer: StringComparer.Ordinal);
    }

    /// <summary>The keys to reconcile; add to it to reconcile a key now.</summary>
    public RateLimitingQueue<string> Queue { get; }

    /// <summary>True while this candidate reconciles (always true while running without leader election).</summary>
    public bool IsLeading { get; private set; }

    /// <summary>
    /// True once every watched informer has synced in this run (a readiness probe's question); false
    /// again after the run ends.
    /// </summary>
    public bool HasSynced => _synced;

    /// <summary>
    /// Queues keys for every add, update and delete <paramref name="informer"/> sees, mapped by
    /// <paramref name="keys"/> (the object's own key when null; see <see cref="ControllerKeys"/>). Deleted
    /// objects map from their last known state. Resyncs queue keys too. Call before <see cref="RunAsync"/>.
    /// </summary>
    public void Watch<T>(SharedIndexInformer<T> informer, Func<object, IEnumerable<string>>? keys = null)
        where T : class =>
        WatchCore(informer, keys, null);

    /// <summary>
    /// Watches like <see cref="Watch{T}(SharedIndexInformer{T}, Func{object, IEnumerable{string}})"/>, and
    /// every <paramref name="resyncPeriod"/> (zero: never) queues the keys of every object the informer holds,
    /// whether or not it changed. The controller does this itself rather than through the informer's
    /// resync, so it works on a shared informer that started without one.
    /// </summary>
    public void Watch<T>(SharedIndexInformer<T> informer, Func<object, IEnumerable<string>>? keys, TimeSpan resyncPeriod)
        where T : class
    {
        if (resyncPeriod < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(resyncPeriod), resyncPeriod, "cannot be negative (zero: no resync)");
        WatchCore(informer, keys, resyncPeriod);
    }

    /// <param name="resyncPeriod">The controller's own resync; null leaves resyncs to the informer's default for handlers.</param>
    private void WatchCore<T>(SharedIndexInformer<T> informer, Func<object, IEnumerable<string>>? keys, TimeSpan? resyncPeriod)
        where T : class
    {
        if (informer is null) throw new ArgumentNullException(nameof(informer));
        if (Volatile.Read(ref _running) == 1) throw new InvalidOperationException("the controller is running; watch informers before it starts");
        var map = keys ?? ControllerKeys.Self;
        void Enqueue(object obj)
        {
            foreach (var key in map(obj)) Queue.Add(key);
        }
        var handler = new ResourceEventHandlerFuncs<T>
        {
            AddFunc = (obj, _) => Enqueue(obj),
            UpdateFunc = (old, obj) =>
            {
                // An owner change moves the object: both the old and the new owner hear of it.
                Enqueue(old);
                Enqueue(obj);
            },
            DeleteFunc = obj => Enqueue(DeletedFinalStateUnknown<T>.LastKnownState(obj)),
        };
        var registration = resyncPeriod is null ? informer.AddEventHandler(handler) : informer.AddEventHandler(handler, TimeSpan.Zero);
        void Resync()
        {
            foreach (var obj in informer.GetIndexer().List()) Enqueue(obj);
        }
        _watched.Add(new WatchedInformer(informer.Name, () => informer.IsStarted, informer.Start, () => registration.HasSynced, () => informer.IsStopped,
            resyncPeriod ?? TimeSpan.Zero, Resync, () => informer.RemoveEventHandler(registration)));
    }

    /// <summary>
    /// Starts the informers that are not running yet, waits for their caches, then reconciles keys on
    /// <see cref="ControllerOptions.Workers"/> workers (under leader election when configured) until
    /// <paramref name="cancellationToken"/> is cancelled. Informers it started stop with it; informers
    /// that were running already (shared ones) keep running, and its handlers leave them. A controller runs once.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_watched.Count == 0) throw new InvalidOperationException("the controller watches no informer: call Watch first");
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException($"{_options.Name} is running already");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resyncs = new List<Task>();
        try
        {
            foreach (var w in _watched.Where(w => !w.IsStarted())) w.Start(cancellationToken);
            Log($"{_options.Name}: waiting for the caches of {string.Join(", ", _watched.Select(w => w.Name).Distinct())} to sync");
            bool synced = await CacheSync.WaitForCacheSyncAsync(cancellationToken, () => _watched.All(w => w.HasSynced()), () => _watched.Any(w => w.IsStopped())).ConfigureAwait(false);
            if (!synced) return;
            _synced = true;
            Log($"{_options.Name}: caches synced");
            resyncs.AddRange(_watched.Where(w => w.ResyncPeriod > TimeSpan.Zero).Select(w => Task.Run(() => ResyncAsync(w, stop.Token))));
            if (_options.LeaderElection is null)
            {
                await RunWorkersAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            await LeadAsync(_options.LeaderElection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _synced = false;
            stop.Cancel();
            await Task.WhenAll(resyncs).ConfigureAwait(false);
            Queue.ShutDown();
            foreach (var w in _watched) w.Unregister();
            Volatile.Write(ref _running, 0);
        }
    }

    private static async Task ResyncAsync(WatchedInformer watched, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(watched.ResyncPeriod, cancellationToken).ConfigureAwait(false);
                watched.Resync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task LeadAsync(LeaderElectionConfig election, CancellationToken cancellationToken)
    {
        var config = new LeaderElectionConfig(election.Lock)
        {
            LeaseDuration = election.LeaseDuration,
            RenewDeadline = election.RenewDeadline,
            RetryPeriod = election.RetryPeriod,
            ReleaseOnCancel = election.ReleaseOnCancel,
            OnNewLeader = election.OnNewLeader,
            OnStoppedLeading = election.OnStoppedLeading,
            Log = election.Log ?? _options.Log,
            Clock = election.Clock,
            WatchDog = election.WatchDog,
            OnStartedLeading = RunWorkersAsync,
        };
        var elector = new LeaderElector(config);
        while (!cancellationToken.IsCancellationRequested)
        {
            await elector.RunAsync(cancellationToken).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested) Log($"{_options.Name}: lost the lease {election.Lock.Description}; campaigning again");
        }
    }

    private async Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        IsLeading = true;
        Log($"{_options.Name}: starting {_options.Workers} worker(s)");
        try
        {
            var workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken))).ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            IsLeading = false;
            Log($"{_options.Name}: workers stopped");
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string key;
            try
            {
                var (item, shutdown) = await Queue.GetAsync(cancellationToken).ConfigureAwait(false);
                if (shutdown) return;
                key = item;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await _reconcile(key, cancellationToken).ConfigureAwait(false);
                Queue.Forget(key);
                Report(() => _options.OnReconciled?.Invoke(key));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped mid-way: the key is marked dirty, so whoever runs next reconciles it again.
                Queue.Add(key);
            }
            catch (Exception e)
            {
                int retries = Queue.NumRequeues(key);
                if (retries < _options.MaxRetries)
                {
                    TimeSpan delay = Queue.RateLimiter.When(key);
                    Queue.AddAfter(key, delay);
                    Report(() => _options.OnReconcileError?.Invoke(new ReconcileFailure(key, e, retries + 1, willRetry: true, delay)));
                }
                else
                {
                    Queue.Forget(key);
                    Report(() => _options.OnReconcileError?.Invoke(new ReconcileFailure(key, e, retries + 1, willRetry: false, null)));
                }
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private void Report(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception e)
        {
            Log($"{_options.Name}: a callback threw {e.GetType().Name}: {e.Message}");
        }
    }

    private void Log(string message) => _options.Log?.Invoke(message);

    private sealed record WatchedInformer(string Name, Func<bool> IsStarted, Action<CancellationToken> Start, Func<bool> HasSynced, Func<bool> IsStopped,
        TimeSpan ResyncPeriod, Action Resync, Func<bool> Unregister);
}
