using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Kube.Client.Retry;

namespace Kube.Client.Cache;

/// <summary>
/// Keeps a store in step with the server (client-go's Reflector): it lists, replaces the store's
/// content with the list, then watches from the list's resourceVersion and applies each event, for
/// as long as <see cref="RunAsync"/> runs.
/// </summary>
/// <remarks>
/// <para>What it does, following client-go's reflector:</para>
/// <list type="bullet">
/// <item>The first list asks for resourceVersion "0", which the server may answer from its watch
/// cache (ignoring the page size). Pages of 500 follow continue tokens when the server pages; an
/// expired continue token restarts the list at once without a resourceVersion, so a list is always
/// one consistent snapshot. Relists ask for the last resourceVersion seen, unpaged (served from the
/// watch cache); if the server no longer has it (410, or too large), the list is retried at once
/// with none, from etcd.</item>
/// <item>Watches start from the last resourceVersion applied, with bookmarks allowed (they advance it)
/// and a server-side timeout drawn between <see cref="ReflectorOptions.MinWatchTimeout"/> and twice it.
/// A watch the server ends normally is started again from there, without relisting.</item>
/// <item>410 Gone ("too old resource version") on a watch relists. 429 Too Many Requests, a refused
/// connection or a cut stream back off and watch again from the last event applied, without
/// relisting: events are applied whole or not at all, so nothing is lost or applied twice.</item>
/// <item>Every relist replaces the store's content, so objects deleted while the watch was down go
/// (a <see cref="DeltaFIFO{T}"/> reports them as <see cref="DeletedFinalStateUnknown{T}"/>).</item>
/// <item>Failures back off exponentially from 800 ms to 30 s with jitter, starting over after two
/// quiet minutes; every pass through list-and-watch waits one backoff step, as client-go's does.</item>
/// <item>With a resync period, <see cref="IReflectorStore{T}.Resync"/> is called that often
/// (when <see cref="ShouldResync"/> agrees).</item>
/// </list>
/// <para>Every error goes to <see cref="WatchErrorHandler"/> (trace output by default) and the reflector
/// carries on: only cancellation stops <see cref="RunAsync"/>. <see cref="Statistics"/> counts what happened.</para>
/// </remarks>
public sealed class Reflector<T>
    where T : class
{
    /// <summary>The page size of lists that are paged (client-go's pager default).</summary>
    public const int DefaultPageSize = ListPager<T, IKubeList<T>>.DefaultPageSize;

    /// <summary>How long past its server-side timeout a silent watch is given before the client gives up on it.</summary>
    private static readonly TimeSpan ClientWatchGrace = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private readonly IListerWatcher<T> _listerWatcher;
    private readonly IReflectorStore<T> _store;
    private readonly ReflectorOptions _options;
    private readonly BackoffManager _backoff;
    private readonly object _lock = new();
    private string _lastSyncResourceVersion = "";
    private bool _lastSyncResourceVersionUnavailable;
    private bool _paginatedResult;
    private int _running;
    private Action<Exception>? _watchErrorHandler;

    private long _lists, _listRequests, _listErrors, _listsExpired, _watches, _watchEvents, _bookmarks;
    private long _watchesEnded, _watchesExpired, _watchesTooManyRequests, _watchesRefused, _watchesCut, _watchErrors, _resyncs;

    /// <param name="resyncPeriod">How often to call the store's Resync; zero for never.</param>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public Reflector(IListerWatcher<T> listerWatcher, IReflectorStore<T> store, TimeSpan resyncPeriod = default, ReflectorOptions? options = null)
    {
        _listerWatcher = listerWatcher ?? throw new ArgumentNullException(nameof(listerWatcher));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        if (resyncPeriod < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(resyncPeriod), resyncPeriod, "cannot be negative (zero disables resync)");
        _options = options?.Clone() ?? new ReflectorOptions();
        _options.Validate();
        ResyncPeriod = resyncPeriod;
        Name = _options.Name ?? listerWatcher.ToString() ?? typeof(T).Name;
        _backoff = new BackoffManager(_options.InitialBackoff, _options.MaxBackoff, _options.BackoffResetAfter);
    }

    public string Name { get; }

    public TimeSpan ResyncPeriod { get; }

    /// <summary>Asked before each periodic resync; null means always. Set it before <see cref="RunAsync"/>.</summary>
    public Func<bool>? ShouldResync { get; set; }

    /// <summary>Gets every list and watch error (the reflector recovers on its own; this is for logging).</summary>
    public Action<Exception>? WatchErrorHandler
    {
        get => _watchErrorHandler;
        set
        {
            if (Volatile.Read(ref _running) != 0) throw new InvalidOperationException($"the reflector of {Name} is running; set its watch error handler before it starts");
            _watchErrorHandler = value;
        }
    }

    /// <summary>The resourceVersion of the last list or event applied to the store ("" before the first list).</summary>
    public string LastSyncResourceVersion
    {
        get
        {
            lock (_lock) return _lastSyncResourceVersion;
        }
    }

    public ReflectorStatistics Statistics => new()
    {
        Lists = Interlocked.Read(ref _lists),
        ListRequests = Interlocked.Read(ref _listRequests),
        ListErrors = Interlocked.Read(ref _listErrors),
        ListsExpired = Interlocked.Read(ref _listsExpired),
        Watches = Interlocked.Read(ref _watches),
        WatchEvents = Interlocked.Read(ref _watchEvents),
        Bookmarks = Interlocked.Read(ref _bookmarks),
        WatchesEnded = Interlocked.Read(ref _watchesEnded),
        WatchesExpired = Interlocked.Read(ref _watchesExpired),
        WatchesTooManyRequests = Interlocked.Read(ref _watchesTooManyRequests),
        WatchesConnectionRefused = Interlocked.Read(ref _watchesRefused),
        WatchesCut = Interlocked.Read(ref _watchesCut),
        WatchErrors = Interlocked.Read(ref _watchErrors),
        Resyncs = Interlocked.Read(ref _resyncs),
    };

    /// <summary>
    /// Lists and watches, again and again with backoff, until <paramref name="cancellationToken"/> is
    /// cancelled; then it returns (it does not throw on cancellation).
    /// </summary>
    /// <exception cref="InvalidOperationException">The reflector is running already.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            throw new InvalidOperationException($"the reflector of {Name} is running already");
        var resync = ResyncLoopAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await ListAndWatchAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    Report(e);
                }
                if (!await BackOffAsync(cancellationToken).ConfigureAwait(false)) break;
            }
        }
        finally
        {
            await resync.ConfigureAwait(false);
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// One list followed by watches, until a watch needs a relist (then it returns) or the token is
    /// cancelled (then it throws <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <exception cref="KubeApiException">The list failed.</exception>
    /// <exception cref="KubeConnectionException">The server could not be reached to list.</exception>
    public async Task ListAndWatchAsync(CancellationToken cancellationToken)
    {
        await ListAsync(cancellationToken).ConfigureAwait(false);
        await WatchAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        string resourceVersion = RelistResourceVersion();
        int pageSize = _options.PageSize switch
        {
            > 0 => _options.PageSize,
            // The server paged a list at "0": it has no watch cache for this resource, so keep paging.
            _ when _paginatedResult => DefaultPageSize,
            // A relist from a known version lists at once, so the server can answer from its watch
            // cache rather than page through etcd (a server ignores the limit at "0" anyway).
            _ when resourceVersion.Length > 0 && resourceVersion != "0" => 0,
            _ => DefaultPageSize,
        };
        var pager = new ListPager<T, IKubeList<T>>(CountedListAsync, pageSize);
        ListSnapshot<T> snapshot;
        try
        {
            try
            {
                snapshot = await pager.ListAllAsync(ListFrom(resourceVersion), cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsResourceExpired || IsResourceVersionTooLarge(e))
            {
                // The server no longer has (or does not have yet) that version: list the latest from etcd.
                Interlocked.Increment(ref _listsExpired);
                lock (_lock) _lastSyncResourceVersionUnavailable = true;
                snapshot = await pager.ListAllAsync(ListFrom(RelistResourceVersion()), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (KubeApiException e) when (e.IsNotFound && !cancellationToken.IsCancellationRequested)
        {
            // The resource does not exist (a CRD not installed yet): nothing of it exists either, and
            // saying so lets whoever waits for the cache to sync carry on.
            Interlocked.Increment(ref _listErrors);
            _store.Replace(Array.Empty<T>(), "");
            throw;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _listErrors);
            throw;
        }

        if (resourceVersion == "0" && snapshot.Paginated) _paginatedResult = true;
        _store.Replace(snapshot.Items, snapshot.ResourceVersion);
        lock (_lock)
        {
            _lastSyncResourceVersionUnavailable = false;
            _lastSyncResourceVersion = snapshot.ResourceVersion;
        }
        Interlocked.Increment(ref _lists);
    }

    private Task<IKubeList<T>> CountedListAsync(ListOptions options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listRequests);
        return _listerWatcher.ListAsync(options, cancellationToken);
    }

    private static ListOptions ListFrom(string resourceVersion) =>
        new() { ResourceVersion = resourceVersion.Length == 0 ? null : resourceVersion };

    /// <summary>Watches until one needs a relist (returns) or the token is cancelled (throws).</summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long timeoutSeconds = Math.Max(1, (long)(_options.MinWatchTimeout.TotalSeconds * (SharedRandom.Value.NextDouble() + 1.0)));
            var options = new ListOptions
            {
                ResourceVersion = NullIfEmpty(LastSyncResourceVersion),
                TimeoutSeconds = timeoutSeconds,
                AllowWatchBookmarks = true,
            };
            Interlocked.Increment(ref _watches);
            var started = Stopwatch.StartNew();
            long events = 0;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The server ends the watch at timeoutSeconds; a connection that silently died would not.
            deadline.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds) + ClientWatchGrace);
            try
            {
                await foreach (var e in _listerWatcher.WatchAsync(options, deadline.Token).WithCancellation(deadline.Token).ConfigureAwait(false))
                {
                    Apply(e);
                    events++;
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception) when (deadline.IsCancellationRequested)
            {
                // Past the server's own timeout: treat it as the end it should have been.
                Interlocked.Increment(ref _watchesEnded);
                continue;
            }
            catch (KubeApiException e) when (e.IsResourceExpired)
            {
                Interlocked.Increment(ref _watchesExpired);
                Report(e);
                return;
            }
            catch (KubeApiException e) when (e.IsTooManyRequests)
            {
                Interlocked.Increment(ref _watchesTooManyRequests);
                Report(e);
                if (!await BackOffAsync(cancellationToken).ConfigureAwait(false)) throw new OperationCanceledException(cancellationToken);
                continue;
            }
            catch (Exception e) when (IsConnectionRefused(e))
            {
                // The server is most likely restarting: watch again from where we were once it is back.
                Interlocked.Increment(ref _watchesRefused);
                Report(e);
                if (!await BackOffAsync(cancellationToken).ConfigureAwait(false)) throw new OperationCanceledException(cancellationToken);
                continue;
            }
            catch (KubeConnectionException e)
            {
                // Cut mid-stream (perhaps mid-event): every event applied was whole, so resume after the last.
                Interlocked.Increment(ref _watchesCut);
                Report(e);
                if (!await BackOffAsync(cancellationToken).ConfigureAwait(false)) throw new OperationCanceledException(cancellationToken);
                continue;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _watchErrors);
                Report(e);
                return;
            }

            if (events == 0 && started.Elapsed < ShortWatch)
            {
                // A server that closes watches at once is in trouble; relisting (after a backoff) is safer.
                Interlocked.Increment(ref _watchErrors);
                Report(new InvalidOperationException($"the watch of {Name} closed after {started.ElapsedMilliseconds} ms without any event; listing again"));
                return;
            }
            Interlocked.Increment(ref _watchesEnded);
        }
    }

    private void Apply(WatchEvent<T> e)
    {
        if (e.Object is null)
        {
            Report(new InvalidOperationException($"the watch of {Name} sent a {e.Type} event without an object; ignored"));
            return;
        }
        string? resourceVersion;
        try
        {
            resourceVersion = ObjectMetaAccessor.For(e.Object).ResourceVersion;
            switch (e.Type)
            {
                case WatchEventType.Added:
                    _store.Add(e.Object);
                    Interlocked.Increment(ref _watchEvents);
                    break;
                case WatchEventType.Modified:
                    _store.Update(e.Object);
                    Interlocked.Increment(ref _watchEvents);
                    break;
                case WatchEventType.Deleted:
                    _store.Delete(e.Object);
                    Interlocked.Increment(ref _watchEvents);
                    break;
                case WatchEventType.Bookmark:
                    Interlocked.Increment(ref _bookmarks);
                    break;
                default:
                    Report(new InvalidOperationException($"the watch of {Name} sent an event of unknown type {e.Type}; ignored"));
                    return;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // One object the store cannot take (no name, an index function that fails) must not stop the others.
            Report(new InvalidOperationException($"the watch of {Name} sent a {e.Type} event the store could not apply: {ex.Message}", ex));
            return;
        }
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            lock (_lock) _lastSyncResourceVersion = resourceVersion!;
        }
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        if (ResyncPeriod <= TimeSpan.Zero) return;
        while (true)
        {
            try
            {
                await Task.Delay(ResyncPeriod, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                if (ShouldResync?.Invoke() ?? true)
                {
                    _store.Resync();
                    Interlocked.Increment(ref _resyncs);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Report(new InvalidOperationException($"the resync of {Name} failed: {e.Message}", e));
            }
        }
    }

    /// <summary>Waits one backoff step; false when cancelled meanwhile.</summary>
    private async Task<bool> BackOffAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>client-go's relistResourceVersion: "0" first, then the last seen, "" when that is gone.</summary>
    private string RelistResourceVersion()
    {
        lock (_lock)
        {
            if (_lastSyncResourceVersionUnavailable) return "";
            return _lastSyncResourceVersion.Length == 0 ? "0" : _lastSyncResourceVersion;
        }
    }

    private void Report(Exception e)
    {
        var handler = _watchErrorHandler;
        if (handler is null)
        {
            Trace.TraceWarning($"{Name}: {e.Message}");
            return;
        }
        try
        {
            handler(e);
        }
        catch (Exception handlerFailure)
        {
            Trace.TraceError($"{Name}: the watch error handler threw {handlerFailure.GetType().Name}: {handlerFailure.Message}");
        }
    }

    internal static bool IsConnectionRefused(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        return false;
    }

    /// <summary>The server has not reached the requested resourceVersion (504 with cause ResourceVersionTooLarge).</summary>
    internal static bool IsResourceVersionTooLarge(KubeApiException e)
    {
        foreach (var cause in e.Causes)
            if (cause.Reason == "ResourceVersionTooLarge") return true;
        return e.Status.Message?.IndexOf("Too large resource version", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
